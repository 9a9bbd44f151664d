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

    /// The display ticks every second whatever the polls do, so ages never skip a value; a poll
    /// due just after a tick joins it.
    @Test func theDisplayTicksEverySecondAndPollsJustAfterATickJoinIt() {
        var s = quietState()
        s.poll.nextAgentsPoll = at(60)
        s.poll.nextRunsPoll = at(1.6)
        #expect(DashView.nextClockChange(s, lastTick: at(0)) == at(1))
        #expect(Dash.nextWake(s, lastTick: at(0)) == at(1))  // not held back to the poll
        s.poll.nextRunsPoll = at(1.004)  // sent on the tick at 0, answered 4 ms later, 1 s interval
        #expect(Dash.nextWake(s, lastTick: at(0)) == at(1.004))
        // Ticks that follow are a second apart: the seconds on screen move by one each time.
        var tick = at(0)
        var s2 = quietState()
        s2.poll.nextAgentsPoll = at(600)
        s2.poll.nextRunsPoll = at(600)
        for _ in 0..<5 {
            guard let next = Dash.nextWake(s2, lastTick: tick) else { Issue.record("no wake-up"); return }
            #expect(abs(next.timeIntervalSince(tick) - 1) < 1e-6)
            tick = next
            _ = Dash.update(&s2, .tick(tick))
        }
    }

    @Test func updatedAgoCountsWholeSecondsFromTheTickThatAsked() {
        var s = quietState()
        s.poll.connection.lastSuccess = at(0.003)
        _ = Dash.update(&s, .tick(at(1)))
        #expect(DashView.render(s).text().contains("updated 1s ago"))
        _ = Dash.update(&s, .tick(at(2)))
        #expect(DashView.render(s).text().contains("updated 2s ago"))
    }

    /// The armed timer is kept only if it fires at the wake-up or a hair after, never before:
    /// a tick before a poll is due sends nothing and costs another wake-up and frame.
    @Test func anArmedTimerServesOnlyIfItIsNotEarly() {
        #expect(!Dash.keepsArmedClock(nil, for: at(1)))
        #expect(Dash.keepsArmedClock(at(1), for: at(1)))
        #expect(Dash.keepsArmedClock(at(1.02), for: at(1)))
        #expect(!Dash.keepsArmedClock(at(1), for: at(1.02)))  // the list answered 20 ms after the tick
        #expect(!Dash.keepsArmedClock(at(1.2), for: at(1)))
    }

    /// A deadline already past that the last tick did not take (details held back by the quota)
    /// brings a look a second later, without holding back what comes sooner.
    @Test func anOverdueDeadlineDoesNotHoldBackSoonerOnes() {
        var s = quietState()
        _ = Dash.update(&s, .tick(at(10)))
        s.poll.inFlight = []
        s.poll.nextAgentsPoll = at(5)  // overdue
        s.poll.nextRunsPoll = at(10.3)
        #expect(Dash.nextWake(s, lastTick: at(10)) == at(10.3))
        s.poll.nextRunsPoll = at(14)
        #expect(Dash.nextWake(s, lastTick: at(10)) == at(11))
    }
}
