import Foundation

extension Dash {
    /// What is due this close together is done on one wake-up (the earlier things a little late).
    public static let pollGrouping: TimeInterval = 0.25

    /// When the runtime should wake next, given its last display tick: the earliest of the next
    /// poll, the next second the screen shows (while it counts seconds) and the flash's expiry,
    /// with what falls due within `pollGrouping` after it done on the same wake-up.
    /// nil: nothing is due, sleep until something happens.
    ///
    /// The display ticks a second after the last tick, so ages and durations move by one every
    /// second and never skip one. Polls fall in step with it: the list is polled on a tick, its
    /// answer comes a few milliseconds later and the next poll falls due that much after a later
    /// tick, which it joins; the agents poll, at the same interval, joins too.
    public static func nextWake(_ s: DashState, lastTick: Date) -> Date? {
        var due = Polling.deadlines(s)
        if let clock = DashView.nextClockChange(s, lastTick: lastTick) { due.append(clock) }
        if let flash = s.flash, !flash.isError { due.append(flash.until) }
        guard let first = due.min() else { return nil }
        var next = due.filter { $0.timeIntervalSince(first) <= pollGrouping }.max() ?? first
        // Something already due that the last tick did not take: look again in a second rather than spin.
        if next <= s.now { next = s.now.addingTimeInterval(1) }
        return next
    }
}
