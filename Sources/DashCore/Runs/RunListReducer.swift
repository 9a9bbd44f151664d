import CaseDevAPI
import Foundation

/// The run list's reducer: pages arriving, the selection, moving through the list, filters and sort.
enum RunListReducer {
    static func loaded(_ s: inout DashState, _ page: RunPage, query: RunQuery, at: Date) {
        s.now = max(s.now, at)
        let quiet = s.runList.isUnchanged(by: page) && !page.runs.contains { $0.status.isActive }
        s.poll.runsAnswered(at: at, quiet: quiet, interval: s.prefs.interval)
        guard s.runList.answers(query) else {
            s.poll.nextRunsPoll = s.now  // the filter changed while this was in flight
            return
        }
        let ended = s.runList.merge(page, at: at)
        s.store.pruneForgotten(listed: Set(s.runList.runs.map(\.id)))
        for run in ended { Flows.runEnded(&s, run.id, run.status) }
        GuardsReducer.judgeAll(&s)
        if let run = s.selectedRun, s.store.followers[run.id] != nil { Flows.followed(&s, run.id, .listed(run.status, at: at)) }
        if let pending = s.runList.pendingSelection, page.runs.contains(where: { $0.id == pending }) {
            s.runList.pendingSelection = nil
            Flows.select(&s, pending)
        }
        keepSelectionValid(&s)
    }

    static func moreLoaded(_ s: inout DashState, _ page: RunPage, query: RunQuery, at: Date) {
        s.now = max(s.now, at)
        s.poll.inFlight.remove(.moreRuns)
        guard s.runList.answers(query) else { return }
        s.runList.append(page)
    }

    /// Keeps the selection on its run; when the run left the list, on the row that took its place.
    static func keepSelectionValid(_ s: inout DashState) {
        s.refreshVisible()
        let visible = s.runList.visible
        guard !visible.isEmpty else { return }
        if let i = s.runList.visibleIndex(of: s.runList.selectedRunId) {
            s.runList.scrollTo(index: i, rows: s.layout.runRows)
            return
        }
        // First look: a running run, so there are logs moving; later, the top row.
        let first = s.runList.selectedRunId == nil ? (visible.firstIndex { $0.status == .running } ?? 0) : 0
        Flows.select(&s, visible[first].id)
        s.runList.scrollTo(index: first, rows: s.layout.runRows)
    }

    /// Moves the selection; moving past the last loaded run loads the next page.
    static func move(_ s: inout DashState, by delta: Int) -> [DashEffect] {
        let visible = s.runList.visible
        guard !visible.isEmpty else { return [] }
        let current = s.runList.visibleIndex(of: s.runList.selectedRunId) ?? 0
        let target = min(max(0, current.addingReportingOverflow(delta).partialValue), visible.count - 1)
        Flows.select(&s, visible[target].id)
        s.runList.scrollTo(index: target, rows: s.layout.runRows)
        guard delta > 0, current.addingReportingOverflow(delta).partialValue >= visible.count - 1, s.runList.hasMore,
              let cursor = s.runList.nextCursor, !s.poll.inFlight.contains(.moreRuns) else { return [] }
        s.poll.inFlight.insert(.moreRuns)
        var q = s.query
        q.cursor = cursor
        q.limit = s.config.pageSize
        return [.fetchMoreRuns(q)]
    }

    static func run(_ s: inout DashState, _ command: RunsCommand) -> [DashEffect] {
        switch command {
        case .mark:
            guard let id = s.runList.selectedRunId else { return [] }
            _ = s.runList.toggleMark(id)
            return move(&s, by: 1)
        case .clearMarks:
            let n = s.runList.marks.count
            s.runList.clearMarks()
            s.show(n == 0 ? "No run is marked" : "Cleared \(Format.count(n, "mark"))")
        case .watch:
            guard let run = s.selectedRun else { s.show("No run selected", error: true); return [] }
            guard !run.status.isTerminal else {
                s.show("Run \(Format.shortId(run.id)) has already \(run.status.rawValue)", error: true)
                return []
            }
            let on = s.watchlist.toggle(run.id)
            s.show(on ? "You will be told when run \(Format.shortId(run.id)) ends" : "No longer watching run \(Format.shortId(run.id))")
        case .filter:
            let inLogs = s.focus == .detail && s.detail.tab == .logs
            s.prompt = inLogs ? LinePrompt(purpose: .logSearch, text: s.detail.log.searchText)
                              : LinePrompt(purpose: .runFilter, text: s.runList.textFilter)
        case .statusFilter:
            let order: [RunStatus?] = [nil] + RunStatus.known.map { Optional($0) }
            let i = order.firstIndex(of: s.runList.statusFilter) ?? 0
            s.runList.statusFilter = order[(i + 1) % order.count]
            Flows.resetRuns(&s)
            s.show("Showing \(s.runList.statusFilter?.rawValue ?? "all") runs")
        case .sort:
            let all = SortOrder.allCases
            s.runList.sort = all[((all.firstIndex(of: s.runList.sort) ?? 0) + 1) % all.count]
            keepSelectionValid(&s)
            s.show("Sorted by \(s.runList.sort.rawValue)")
        }
        return []
    }

    static func setTextFilter(_ s: inout DashState, _ text: String) {
        s.runList.textFilter = text
        keepSelectionValid(&s)
    }
}
