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
}
