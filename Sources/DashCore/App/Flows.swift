import CaseDevAPI
import Foundation

/// Changes that span several sub-models; everything else changes one area from its own folder.
enum Flows {
    /// Selecting another run starts its detail pane afresh, on its first log stream.
    static func select(_ s: inout DashState, _ id: String?) {
        guard id != s.runList.selectedRunId else { return }
        s.runList.selectedRunId = id
        s.detail.log = LogModel()
        s.detail.scroll = 0
        if let id, let cache = s.store.caches[id] { s.detail.log.show(stream: cache.streams.first) }
    }

    /// The run list starts over (a filter changed): the list is fetched at once.
    static func resetRuns(_ s: inout DashState) {
        s.runList.reset(pageSize: s.config.pageSize)
        s.poll.nextRunsPoll = s.now
    }

    static func setAgentFilter(_ s: inout DashState, _ agentId: String?) {
        guard agentId != s.runList.agentFilter else { return }
        s.runList.agentFilter = agentId
        resetRuns(&s)
    }

    static func detailsLoaded(_ s: inout DashState, _ details: RunDetails, at: Date) {
        s.poll.inFlight = s.poll.inFlight.filter { if case .details = $0 { false } else { true } }
        s.poll.nextDetailsPoll = nil
        s.poll.serverAnswered(at: at)
        let selected = s.runList.selectedRunId
        let changes = s.store.ingest(details, at: at, logLimit: s.config.logLineLimit, keep: selected)
        s.runList.applyStatus(of: details, at: at)
        guard details.id == selected, let cache = s.store.caches[details.id] else { return }
        if s.detail.log.stream.map({ cache.logs[$0] == nil }) ?? true { s.detail.log.show(stream: cache.streams.first) }
        guard let stream = s.detail.log.stream, let change = changes[stream] else { return }
        if change == .rewritten { s.show("Log \(stream) was rewritten by the server; reloaded") }
        s.detail.log.received(change)
    }
}
