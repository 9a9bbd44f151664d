import CaseDevAPI
import Foundation
import RunFollow
import RunUsage

/// Changes that span several sub-models; everything else changes one area from its own folder.
enum Flows {
    /// Selecting another run starts its detail pane afresh, on its default log source.
    static func select(_ s: inout DashState, _ id: String?) {
        guard id != s.runList.selectedRunId else { return }
        let search = s.detail.log.search
        if s.runList.pinned.map({ $0.id != id }) ?? false { s.runList.unpin() }
        s.runList.selectedRunId = id
        s.detail.log = LogModel()
        s.detail.log.setSearch(search)  // the search is the user's, not the run's
        s.detail.scroll = 0
        s.detail.stepCursor = 0
        LogsReducer.chooseSource(&s)
    }

    /// Another context: nothing of the old one stays (runs, details, agents, marks, in-flight
    /// requests, watched runs), but the user's view settings, the action log and the command
    /// history do. The runtime has already dropped the old context's answers still on their way.
    static func switchContext(_ s: inout DashState, _ config: DashConfig) {
        var fresh = DashState(config: config, size: s.viewport.size, now: s.now, themes: s.prefs.themes, themeIndex: s.prefs.themeIndex)
        fresh.prefs.wrap = s.prefs.wrap
        fresh.prefs.timestamps = s.prefs.timestamps
        fresh.actionLog = s.actionLog
        fresh.paletteHistory = s.paletteHistory
        fresh.show("Context \(config.context ?? "?"): \(Sanitizer.line(config.endpoint))\(config.readonly ? " (read-only)" : "")")
        s = fresh
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

    static func detailsLoaded(_ s: inout DashState, _ read: DetailsRead, at: Date) {
        let details = read.details
        s.poll.inFlight = s.poll.inFlight.filter { if case .details = $0 { false } else { true } }
        readAnswered(&s, at: at)
        if details.id != s.runList.selectedRunId { backfillAnswered(&s, details.id, ended: details.status.isTerminal, at: at) }
        followed(&s, details.id, .read(read, at: at))
        s.runList.fillPinned(from: details)
        GuardsReducer.judge(&s, details.id)
        costAndStatusRead(&s, RunCost(details: details), at: at)
    }

    /// A finished run's cost (the token back-fill): remembered for the totals and the usage
    /// cache. No follower is made for it: selecting the run reads its details whole.
    static func costLoaded(_ s: inout DashState, _ cost: RunCost, at: Date) {
        s.poll.inFlight.remove(.cost(cost.run.id))
        readAnswered(&s, at: at)
        s.store.costRead(cost)
        backfillAnswered(&s, cost.run.id, ended: cost.run.status.isTerminal, at: at)
        costAndStatusRead(&s, cost, at: at)
    }

    /// A details or cost read answered: the server is there, and reads need not wait.
    private static func readAnswered(_ s: inout DashState, at: Date) {
        s.poll.nextDetailsPoll = nil
        s.poll.serverAnswered(at: at)
    }

    /// What a read says a run cost and where it stands: the first record of a finished run goes
    /// to the totals and the usage cache (it is true for good), and the list takes a newer status.
    private static func costAndStatusRead(_ s: inout DashState, _ cost: RunCost, at: Date) {
        let run = cost.run
        if s.store.records[run.id] == nil, let record = UsageRecord(cost: cost) {
            s.store.remember([record])
            s.emit(.recordUsage(record))
        }
        if s.runList.applyStatus(run.id, run.status, at: at, startedAt: run.startedAt, completedAt: run.completedAt) {
            runEnded(&s, run.id, run.status)
        }
    }

    /// A run read for its cost has ended: done. It has not, though the list says it has (the
    /// list was ahead of its details): it is read again after a while, not at once and again and
    /// again, and the back-fill goes on with the other runs meanwhile.
    static func backfillAnswered(_ s: inout DashState, _ id: String, ended: Bool, at: Date) {
        if ended {
            s.poll.costRetry[id] = nil
        } else if s.runList.runs.first(where: { $0.id == id })?.status.isTerminal == true {
            s.poll.deferCost(id, at: at, interval: s.prefs.interval)
        }
    }

    static func runEvents(_ s: inout DashState, token: Int, _ runId: String, _ events: [RunEvent], at: Date) {
        guard s.poll.stream?.token == token else { return }  // a stream already closed
        let update = followed(&s, runId, .events(events, at: at))
        if let status = update.status, s.runList.applyStatus(runId, status, at: at) { runEnded(&s, runId, status) }
        GuardsReducer.judge(&s, runId)
    }

    static func eventsClosed(_ s: inout DashState, token: Int, _ runId: String, _ error: CaseDevError?, at: Date) {
        guard s.poll.stream?.token == token else { return }
        s.poll.stream = nil
        followed(&s, runId, .streamClosed(error, at: at))
    }

    /// A run was seen ending: announced (a message and a terminal notification) when it was
    /// started here or watched, or, with notify_on_failure, when it failed.
    static func runEnded(_ s: inout DashState, _ runId: String, _ status: RunStatus) {
        guard s.watchlist.ended(runId, status) else { return }
        let run = s.runList.runs.first { $0.id == runId }
        let agent = run.map { s.agentList.name($0.agentId) } ?? "?"
        let text = "Run \(Format.shortId(runId)) (\(agent)) \(status.rawValue)"
        s.show(text, error: status == .failed)
        s.emit(.notifyTerminal(String(("casedash: " + text).prefix(200))))
    }

    /// Feeds a run's follower; what changed in the selected run's logs reaches the log view.
    @discardableResult
    static func followed(_ s: inout DashState, _ runId: String, _ input: RunFollower.Input) -> RunFollower.Update {
        let selected = s.runList.selectedRunId
        let update = s.store.step(runId, input, logLimit: s.config.logLineLimit, keep: selected)
        if runId == selected { LogsReducer.received(&s, update.logs) }
        return update
    }
}
