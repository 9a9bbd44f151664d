import CaseDevAPI
import Foundation
import Testing
@testable import DashCore

/// What is due close together is done on one wake-up.
@Suite struct NextWakeTests {
    /// Only the list and the agents are polled: no run followed, every run's cost known.
    func quietState() -> DashState {
        var s = Fixtures.state()
        s.poll.inFlight = []
        s.runList.selectedRunId = nil
        for r in s.runList.runs { s.store.usage[r.id] = Usage() }
        s.flash = nil
        return s
    }

    func at(_ t: Double) -> Date { Fixtures.t0.addingTimeInterval(t) }

    @Test func pollsDueWithinAQuarterSecondGoTogether() {
        var s = quietState()
        s.poll.nextAgentsPoll = at(2.000)
        s.poll.nextRunsPoll = at(2.009)
        #expect(Dash.nextWake(s, lastTick: at(1.5)) == at(2.009))
        let fx = Dash.update(&s, .tick(at(2.009)))
        #expect(fx.contains { if case .fetchRuns = $0 { true } else { false } })
        #expect(fx.contains { if case .fetchAgents = $0 { true } else { false } })
        // Further apart, each keeps its own time.
        var t = quietState()
        t.poll.nextAgentsPoll = at(2.0)
        t.poll.nextRunsPoll = at(2.4)
        #expect(Dash.nextWake(t, lastTick: at(1.5)) == at(2.0))
    }

    @Test func aPollWithinASecondAfterTheDisplayTickTakesTheTick() {
        var s = quietState()
        s.poll.nextAgentsPoll = at(60)
        s.poll.nextRunsPoll = at(1.6)
        #expect(DashView.nextClockChange(s, lastTick: at(0)) == at(1))
        #expect(Dash.nextWake(s, lastTick: at(0)) == at(1.6))
        s.poll.nextRunsPoll = at(2.5)
        #expect(Dash.nextWake(s, lastTick: at(0)) == at(1))
    }
}
