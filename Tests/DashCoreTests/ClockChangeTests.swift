import CaseDevAPI
import DashCore
import Foundation
import Testing

/// The runtime arms one timer; these decide when the screen changes by the clock alone.
@Suite struct ClockChangeTests {
    @Test func nothingTicksBeforeTheFirstAnswer() {
        let s = DashState(config: DashConfig(endpoint: "127.0.0.1:8080"), size: Size(cols: 120, rows: 40), now: Fixtures.t0)
        #expect(DashView.nextClockChange(s, lastTick: Fixtures.t0) == nil)
    }

    @Test func aSecondAfterTheLastTickWhileAgesAreShown() {
        let s = Fixtures.state()
        let tick = Fixtures.t0.addingTimeInterval(0.3)
        #expect(DashView.nextClockChange(s, lastTick: tick) == tick.addingTimeInterval(1))
        // Proof that the frame does change with the clock here: the header's age moves on.
        var later = s
        _ = Dash.update(&later, .tick(Fixtures.t0.addingTimeInterval(5)))
        #expect(DashView.render(later).text() != DashView.render(s).text())
    }

    @Test func nothingTicksOnTheTooSmallMessage() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .resize(Size(cols: 40, rows: 10)))
        #expect(DashView.nextClockChange(s, lastTick: Fixtures.t0) == nil)
    }
}
