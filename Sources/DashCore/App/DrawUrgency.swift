import CaseDevAPI
import Foundation

extension Dash {
    /// What `event` changed may wait for the next tick of the clock to be drawn: it was read in
    /// the background (the cost of a run that is not selected, the agents, the usage cache, the
    /// quota) and nobody is waiting for it. Keys, the run list, the selected run and actions are
    /// drawn at once. A frame costs more than the answer it shows, and the back-fill alone
    /// brings one answer a second.
    public static func drawCanWait(_ event: DashEvent, _ s: DashState) -> Bool {
        switch event {
        case .detailsRead(let read, _): read.details.id != s.runList.selectedRunId
        case .agentsLoaded, .usageRecordsLoaded, .quotaSeen: true
        default: false
        }
    }

    /// The frame of a tick that asked for the run list may wait a moment for the list's answer,
    /// which on a healthy connection comes within milliseconds: one frame shows both, not two a
    /// few milliseconds apart. The runtime bounds the wait (`answerWait`).
    public static func drawCanWaitForAnswer(_ event: DashEvent, effects: [DashEffect]) -> Bool {
        guard case .tick = event else { return false }
        return effects.contains { if case .fetchRuns = $0 { true } else { false } }
    }

    /// The longest a frame waits for an answer it asked for: short enough that the seconds on
    /// screen do not visibly stall when the API is slow.
    public static let answerWait: TimeInterval = 0.2
}
