import CaseDevAPI
import Foundation

/// The polling reducer: which requests are due, how failures back off, and when the runtime
/// should wake next.
enum Polling {
    /// Decides which requests are due. At most one list, one agents and one details request
    /// are in flight at a time.
    static func schedule(_ s: inout DashState) -> [DashEffect] {
        var fx: [DashEffect] = []
        noteCostsKnown(&s)
        if !s.poll.inFlight.contains(.runs), s.now >= s.poll.nextRunsPoll {
            s.poll.inFlight.insert(.runs)
            fx.append(.fetchRuns(s.query))
        }
        // With the quota short, agents (which rarely change) wait for the reset: last in line.
        if let spacing = s.poll.quotaSpacing(now: s.now), spacing > 0, let reset = s.poll.quota?.resetAt {
            s.poll.nextAgentsPoll = max(s.poll.nextAgentsPoll, reset)
        }
        if !s.poll.inFlight.contains(.agents), s.now >= s.poll.nextAgentsPoll {
            s.poll.inFlight.insert(.agents)
            fx.append(.fetchAgents)
        }
        if !s.poll.detailsInFlight, s.poll.nextDetailsPoll.map({ s.now >= $0 }) ?? true, let id = detailsWanted(s) {
            // Details come after the list: with the quota short, at half its pace.
            if let spacing = s.poll.quotaSpacing(now: s.now) { s.poll.nextDetailsUnderQuota = s.now.addingTimeInterval(2 * spacing) }
            let guardCheck = id == GuardsReducer.nextToCheck(s)
            // The token back-fill reads a run for its cost only, unless it was seen while it ran:
            // then its follower's details are old, and it is read whole to show it as it ended.
            if !guardCheck, id != s.runList.selectedRunId, s.store.followers[id] == nil {
                s.poll.inFlight.insert(.cost(id))
                return fx + [.fetchCost(id)] + syncStream(&s)
            }
            s.poll.inFlight.insert(.details(id))
            if guardCheck {
                s.poll.nextGuardCheck = s.now.addingTimeInterval(s.prefs.interval)
                s.guards.checked()
            }
            let logs = id == s.runList.selectedRunId || guardCheck ? logsWanted(s, id) : s.store.followers[id]?.logsWanted ?? .none
            fx.append(.fetchDetails(id, logs: logs))
        }
        return fx + syncStream(&s)
    }

    /// What a details read of this run keeps of its logs: the selected run's new lines (its
    /// follower knows what it has), nothing of another run (read for its cost or a guard).
    static func logsWanted(_ s: DashState, _ id: String) -> LogsWanted {
        guard id == s.runList.selectedRunId else { return .none }
        return s.store.followers[id]?.logsWanted ?? LogsWanted(lastLines: s.config.logLineLimit)
    }

    /// The run whose events stream should be open: the selected run once it started and while it
    /// can still change (not while queued: see `RunFollower.wantsStream`), unless its follower
    /// gave up on the stream.
    static func streamWanted(_ s: DashState) -> String? {
        guard let run = s.selectedRun, !run.status.isTerminal, run.status != .queued || s.store.followers[run.id]?.status == .running,
              !s.store.gone.contains(run.id) else { return nil }
        if let follower = s.store.followers[run.id], !follower.wantsStream(now: s.now) { return nil }
        return run.id
    }

    /// Opens and closes the events stream so that only the wanted one is open.
    static func syncStream(_ s: inout DashState) -> [DashEffect] {
        let wanted = streamWanted(s)
        var fx: [DashEffect] = []
        if let open = s.poll.stream, open.runId != wanted {
            fx.append(.stopFollowing(token: open.token))
            s.poll.stream = nil
            Flows.followed(&s, open.runId, .streamStopped)
        }
        if let id = wanted, s.poll.stream == nil {
            let after = s.store.followers[id]?.lastEventId
            let token = s.poll.openStream(id)
            Flows.followed(&s, id, .streamOpened(at: s.now))
            fx.append(.followEvents(runId: id, after: after, token: token))
        }
        return fx
    }

    /// The selected run while it can still change (and once more when it ends); otherwise a
    /// finished run on screen whose tokens are unknown yet (each fetched once, then cached).
    /// Runs the server no longer knows are skipped.
    static func detailsWanted(_ s: DashState) -> String? {
        if let run = s.selectedRun, !s.store.gone.contains(run.id), s.now >= s.poll.nextDetailsUnderQuota {
            guard let follower = s.store.followers[run.id] else { return run.id }
            if let due = follower.detailsDue(interval: s.prefs.interval), run.status.isTerminal || s.now >= due { return run.id }
        }
        return GuardsReducer.nextToCheck(s) ?? backfillWanted(s)
    }

    static func runsOnScreen(_ s: DashState) -> ArraySlice<RunSummary> {
        let visible = s.runList.visible
        let start = min(s.runList.scroll, visible.count)
        return visible[start..<min(visible.count, start + s.layout.runRows)]
    }

    /// A finished run whose cost is not known yet (the token back-fill): the ones on screen
    /// first, then every other loaded run, so the totals come to cover them all.
    /// - One read at a time, each sent when the one before has answered: the rate is bounded by
    ///   the server's own pace, the totals are complete seconds after the start (a minute was
    ///   the most the usage issue allowed), and no timer wakes the dashboard for it. Spread over
    ///   minutes, as it once was, it cost the same requests and kept the totals partial for
    ///   three and a half minutes of the demo.
    /// - Never ahead of the selected run's details (asked first), never while the API is failing
    ///   or a details read backs off, and not while half the quota is used.
    /// - Each run once: its cost is kept (and cached on disk), and a run that is gone is skipped.
    static func backfillWanted(_ s: DashState) -> String? {
        guard !s.poll.connection.isFailing, s.runList.loaded, !s.poll.quotaUnderPressure(now: s.now),
              s.poll.costsKnown != CostsKey(s) else { return nil }
        return firstUnknownCost(s)
    }

    private static func firstUnknownCost(_ s: DashState) -> String? {
        func unknown(_ run: RunSummary) -> Bool {
            run.status.isTerminal && run.startedAt != nil && !s.store.knowsUsage(run.id) && !s.store.gone.contains(run.id)
                && s.poll.costRetry[run.id].map { s.now >= $0.at } ?? true
        }
        return (runsOnScreen(s).first(where: unknown) ?? s.runList.runs.first(where: unknown))?.id
    }

    /// What the back-fill's scan reads: while none of it changed, a scan that found every cost
    /// known would find the same. Once the totals are complete the scan ran on every event (a
    /// few lookups for each of hundreds of runs, many times a second), a twentieth of the
    /// dashboard's CPU in live traffic.
    struct CostsKey: Hashable, Sendable {
        var runs: Int, usage: Int, gone: Int
        init(_ s: DashState) { runs = s.runList.version; usage = s.store.usageVersion; gone = s.store.gone.count }
    }

    /// Remembers that every loaded finished run's cost is known, when the scan says so.
    static func noteCostsKnown(_ s: inout DashState) {
        let key = CostsKey(s)
        // Not while a run waits to be tried again: the scan will find it once its time comes.
        if s.poll.costsKnown != key, s.poll.costRetry.isEmpty, s.runList.loaded, firstUnknownCost(s) == nil { s.poll.costsKnown = key }
    }

    /// When each kind of poll is next due (what is in flight has none): what `Dash.nextWake`
    /// arms the runtime's one timer from.
    static func deadlines(_ s: DashState) -> [Date] {
        var dates: [Date] = []
        if !s.poll.inFlight.contains(.runs) { dates.append(s.poll.nextRunsPoll) }
        if !s.poll.inFlight.contains(.agents) { dates.append(s.poll.nextAgentsPoll) }
        if !s.poll.detailsInFlight, let run = s.selectedRun, !s.store.gone.contains(run.id),
           let due = s.store.followers[run.id]?.detailsDue(interval: s.prefs.interval) {
            dates.append(max(due, s.poll.nextDetailsPoll ?? .distantPast))
        }
        // A quiet stream is given up on two intervals after its last line.
        if s.poll.stream != nil { dates.append(s.now.addingTimeInterval(s.prefs.interval)) }
        return dates
    }

    static func failed(_ s: inout DashState, _ key: RequestKey, _ error: CaseDevError, at: Date) {
        s.poll.inFlight.remove(key)
        let text = Format.error(error)
        let interval = s.prefs.interval
        switch key {
        case .runs:
            s.poll.runsFailed(error, message: text, at: at, interval: interval)
        case .agents:
            s.agentList.error = text
            // Also the probe that notices the server is back while the list waits out its back-off.
            s.poll.nextAgentsPoll = at.addingTimeInterval(PollScheduler.backoff(interval: interval, failures: 2, retryAfter: error.retryAfter))
        case .details(let id), .cost(let id):
            let notFound = error.status == 404
            s.store.detailsFailed(id, message: text, notFound: notFound)
            if !notFound {
                s.poll.nextDetailsPoll = at.addingTimeInterval(PollScheduler.backoff(interval: interval, failures: 2, retryAfter: error.retryAfter))
                // The back-fill goes on with other runs before this one again.
                if id != s.runList.selectedRunId { s.poll.deferCost(id, at: at, interval: interval) }
            }
        case .moreRuns:
            s.show("Could not load more runs: \(text)", error: true)
        case .action:
            s.show(text, error: true)
        }
    }
}
