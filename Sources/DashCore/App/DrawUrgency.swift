import CaseDevAPI
import Foundation

extension Dash {
    /// How long what `event` changed may wait to be drawn with the next tick of the clock (0:
    /// draw it now). A frame costs more than most answers it shows, and while runs are live the
    /// clock ticks every second anyway.
    /// - Read in the background (the cost of a run that is not selected, the agents, the usage
    ///   cache, the quota) and nobody is waiting for it: up to a tick.
    /// - The selected run's events (its new log lines): up to a tick too. A live run's lines come
    ///   a few a second, and the clock draws a frame every second while it runs (its duration
    ///   moves): lines show within a second, as htop's rows do, and a frame of their own for each
    ///   batch made nearly two frames a second, an eighth of the dashboard's CPU in live traffic.
    /// - Keys, the run list, the selected run's details and actions: drawn at once.
    public static func drawMayWait(_ event: DashEvent, _ s: DashState) -> TimeInterval {
        switch event {
        case .detailsRead(let read, _): read.details.id != s.runList.selectedRunId ? clockFrameReach : 0
        case .costRead, .agentsLoaded, .usageRecordsLoaded, .quotaSeen, .runEvents: clockFrameReach
        default: 0
        }
    }

    /// How far ahead the clock's next frame may be for a change to wait for it: a tick (a
    /// second) and a little, as the clock may be armed a few milliseconds past the second.
    public static let clockFrameReach: TimeInterval = 1.05

    /// The frame of a tick that asked for the run list may wait a moment for the list's answer,
    /// which on a healthy connection comes within milliseconds: one frame shows both, not two a
    /// few milliseconds apart. The runtime bounds the wait: by the clock's next frame when it
    /// runs (no timer of its own), else by `answerWait`.
    public static func drawCanWaitForAnswer(_ event: DashEvent, effects: [DashEffect]) -> Bool {
        guard case .tick = event else { return false }
        return effects.contains { if case .fetchRuns = $0 { true } else { false } }
    }

    /// The longest a frame waits for an answer it asked for: short enough that the seconds on
    /// screen do not visibly stall when the API is slow.
    public static let answerWait: TimeInterval = 0.2
}
