import Foundation
import Testing
@testable import casedash

/// Events of a quiet stream go at once; a busy stream's at most once a window.
@Suite struct BatchPacingTests {
    @Test func aLoneEventGoesAtOnceAndABurstWaitsForTheWindow() {
        let t0 = Date(timeIntervalSince1970: 1_000)
        var pacing = BatchPacing(window: 0.05)
        #expect(pacing.wait(now: t0) == nil)  // the first event of the stream
        pacing.sent(at: t0)
        let wait = pacing.wait(now: t0.addingTimeInterval(0.01))
        #expect(wait.map { abs($0 - 0.04) < 1e-6 } == true)  // a burst: the rest of the window
        pacing.sent(at: t0.addingTimeInterval(0.05))
        #expect(pacing.wait(now: t0.addingTimeInterval(0.5)) == nil)  // quiet again: at once
        #expect(pacing.wait(now: t0.addingTimeInterval(0.06)) != nil)
        #expect(pacing.wait(now: t0) == nil)  // the clock went back: no wait on it
    }
}
