import Foundation

extension Dash {
    /// What is due this close together is done on one wake-up (the earlier things a little late).
    public static let wakeGrouping: TimeInterval = 0.25

    /// When the runtime should wake next, given its last display tick: the earliest of the next
    /// poll, the next second the screen shows (while it counts seconds) and the flash's expiry,
    /// with what falls due within `wakeGrouping` after it done on the same wake-up.
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
        guard !due.isEmpty else { return nil }
        // Something already due that the last tick did not take (details held back by the
        // quota): look again in a second rather than spin, without holding back what comes sooner.
        let ahead = due.filter { $0 > s.now }
        guard let first = ahead.min() else { return s.now.addingTimeInterval(1) }
        let next = ahead.filter { $0.timeIntervalSince(first) <= wakeGrouping }.max() ?? first
        return due.count > ahead.count ? min(next, s.now.addingTimeInterval(1)) : next
    }

    /// Whether the timer already armed for `armed` serves for `next`: it fires at `next` or a
    /// few milliseconds after, never before (a tick before a poll is due sends nothing and
    /// costs a second wake-up and frame).
    public static func keepsArmedClock(_ armed: Date?, for next: Date) -> Bool {
        guard let armed else { return false }
        return armed >= next && armed.timeIntervalSince(next) < 0.05
    }
}
