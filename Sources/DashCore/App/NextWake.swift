import Foundation

extension Dash {
    /// Polls due this close together are sent on one wake-up (the earlier ones a little late).
    public static let pollGrouping: TimeInterval = 0.25

    /// When the runtime should wake next, given its last display tick: the earliest of the next
    /// poll, the next second the screen shows (while it counts seconds) and the flash's expiry,
    /// with what is due close together done on one wake-up. nil: nothing is due, sleep until
    /// something happens.
    /// - A poll due within a second after the display tick takes the tick with it: one wake-up
    ///   and one frame, not two (the seconds on screen are then up to a second late, as htop's
    ///   are).
    /// - Polls due within `pollGrouping` of the first one go with it: the agents and the run list,
    ///   polled at the same interval, drift a few milliseconds apart otherwise and cost a wake-up each.
    public static func nextWake(_ s: DashState, lastTick: Date) -> Date? {
        let polls = Polling.deadlines(s)
        var due = polls
        if let clock = DashView.nextClockChange(s, lastTick: lastTick) { due.append(clock) }
        if let flash = s.flash, !flash.isError { due.append(flash.until) }
        guard var next = due.min() else { return nil }
        if let poll = polls.min(), poll > next, poll.timeIntervalSince(next) < 1 { next = poll }
        if let last = polls.filter({ $0 >= next && $0.timeIntervalSince(next) <= pollGrouping }).max() { next = last }
        // Something already due that the last tick did not take: look again in a second rather than spin.
        if next <= s.now { next = s.now.addingTimeInterval(1) }
        return next
    }
}
