import CaseDevAPI
import Foundation

/// The dashboard's only state transition: `update(state, event) -> effects`. No I/O here;
/// the runtime performs the effects and feeds their results back as events.
public enum Dash {
    public static let changeHighlight: TimeInterval = 4
    public static let flashDuration: TimeInterval = 6
    static let cacheLimit = 32

    public static func update(_ s: inout DashState, _ event: DashEvent) -> [DashEffect] {
        var fx: [DashEffect] = []
        switch event {
        case .tick(let now):
            s.now = now
            if let f = s.flash, now >= f.until, !f.isError { s.flash = nil }
        case .resize(let size):
            s.size = size
            keepSelectionValid(&s)
        case .key(let key):
            s.quietPolls = 0
            fx += handleKey(&s, key)
        case .runsLoaded(let page, let query, let at):
            s.now = max(s.now, at)
            runsLoaded(&s, page, query: query, at: at)
        case .moreRunsLoaded(let page, let query, let at):
            s.now = max(s.now, at)
            s.inFlight.remove(.moreRuns)
            if query.agentId == s.agentFilter, query.status == s.statusFilter {
                let known = Set(s.runs.map(\.id))
                let added = page.runs.filter { !known.contains($0.id) }
                s.runs += added
                s.loadedCount = s.runs.count
                s.hasMore = page.hasMore
                s.nextCursor = page.nextCursor
            }
        case .agentsLoaded(let agents, let at):
            s.inFlight.remove(.agents)
            s.agents = agents
            s.agentsLoaded = true
            s.agentsError = nil
            s.nextAgentsPoll = at.addingTimeInterval(s.config.agentsInterval)
            s.agentCursor = min(s.agentCursor, agents.count)
        case .detailsLoaded(let details, let at):
            s.inFlight.remove(.details)
            s.nextDetailsPoll = nil
            ingest(&s, details, at: at)
        case .requestFailed(let kind, let error, let at):
            failed(&s, kind, error, at: at)
        case .runCreated(let created, let exec):
            s.inFlight.remove(.action)
            closeForm(&s)
            s.pendingSelection = created.id
            s.focus = .detail
            s.detailTab = .logs
            switch exec {
            case .success?: s.execSent.insert(created.id); flash(&s, "Run \(shortId(created.id)) created and started")
            case .failure(let e)?: flash(&s, "Run \(shortId(created.id)) created, but exec failed: \(message(e))", error: true)
            case nil: flash(&s, "Run \(shortId(created.id)) created (queued; press e to execute)")
            }
            refreshNow(&s)
        case .runExecuted(let r):
            s.inFlight.remove(.action)
            flash(&s, "Run \(shortId(r.id)) started")
            refreshNow(&s)
        case .runCancelled(let r):
            s.inFlight.remove(.action)
            flash(&s, r.message.map { "Run \(shortId(r.id)): \(Sanitizer.line($0)) (\(r.status.rawValue))" }
                ?? "Run \(shortId(r.id)) cancelled")
            refreshNow(&s)
        case .agentCreated(let agent):
            s.inFlight.remove(.action)
            closeForm(&s)
            flash(&s, "Agent \(Sanitizer.line(agent.name)) created")
            s.nextAgentsPoll = s.now
        case .executeAnswered(let answer):
            s.inFlight.remove(.action)
            closeForm(&s)
            if answer.isFinished {
                s.modal = .oneShot(OneShotResult(response: answer))
            } else {
                flash(&s, "One-shot run \(shortId(answer.runId)) started; following it")
            }
            // The ephemeral agent is not listed; show every agent's runs so this one is visible.
            if s.agentFilter != nil || s.statusFilter != nil { resetRuns(&s); s.agentFilter = nil; s.statusFilter = nil; s.agentCursor = 0 }
            s.textFilter = ""
            s.pendingSelection = answer.runId
            s.focus = .detail
            refreshNow(&s)
        case .logSaved(let path, let lines):
            flash(&s, "Saved \(Format.count(lines)) lines to \(path)")
        case .logSaveFailed(let reason):
            flash(&s, "Could not save the log: \(reason)", error: true)
        case .actionFailed(let what, let error):
            s.inFlight.remove(.action)
            let text = actionMessage(what, error)
            if case .form(var form)? = s.modal, form.submitting {
                form.submitting = false
                form.error = text
                s.modal = .form(form)
            } else {
                flash(&s, text, error: true)
            }
            refreshNow(&s)
        }
        fx += schedule(&s)
        return fx
    }

    // MARK: Polling

    /// The next moment a poll falls due, so the runtime can wake exactly then instead of
    /// waiting for its once-a-second display tick.
    public static func nextDeadline(_ s: DashState) -> Date? {
        var dates: [Date] = []
        if !s.inFlight.contains(.runs) { dates.append(s.nextRunsPoll) }
        if !s.inFlight.contains(.agents) { dates.append(s.nextAgentsPoll) }
        if !s.inFlight.contains(.details), let id = s.selectedRunId, let cache = s.caches[id], !cache.details.status.isTerminal {
            dates.append(max(cache.fetchedAt.addingTimeInterval(s.config.interval), s.nextDetailsPoll ?? .distantPast))
        }
        return dates.min()
    }

    /// Decides which requests are due. At most one of each kind is in flight.
    static func schedule(_ s: inout DashState) -> [DashEffect] {
        var fx: [DashEffect] = []
        if !s.inFlight.contains(.runs), s.now >= s.nextRunsPoll {
            s.inFlight.insert(.runs)
            fx.append(.fetchRuns(s.query))
        }
        if !s.inFlight.contains(.agents), s.now >= s.nextAgentsPoll {
            s.inFlight.insert(.agents)
            fx.append(.fetchAgents)
        }
        if !s.inFlight.contains(.details), s.nextDetailsPoll.map({ s.now >= $0 }) ?? true, let id = detailsWanted(s) {
            s.inFlight.insert(.details)
            fx.append(.fetchDetails(id))
        }
        return fx
    }

    /// The selected run while it can still change (and once more when it ends); otherwise a
    /// finished visible run whose tokens are unknown yet (each fetched once, then cached).
    static func detailsWanted(_ s: DashState) -> String? {
        if let id = s.selectedRunId, let run = s.selectedRun {
            guard let cache = s.caches[id] else { return id }
            if !cache.details.status.isTerminal {
                if run.status.isTerminal || s.now.timeIntervalSince(cache.fetchedAt) >= s.config.interval { return id }
            }
        }
        guard !s.connection.isFailing, s.runsLoaded else { return nil }
        let layout = Layout(s.size)
        let visible = s.visibleRuns
        let start = min(s.runScroll, visible.count)
        for run in visible[start..<min(visible.count, start + layout.runRows)]
        where run.status.isTerminal && run.startedAt != nil && s.usage[run.id] == nil && s.caches[run.id] == nil {
            return run.id
        }
        return nil
    }

    static func backoff(_ s: DashState, failures: Int, retryAfter: TimeInterval?) -> TimeInterval {
        let base = min(60, s.config.interval * pow(2, Double(max(0, failures - 1))))
        return max(base, min(retryAfter ?? 0, 300))
    }

    static func refreshNow(_ s: inout DashState) {
        s.nextRunsPoll = s.now
        if s.inFlight.contains(.runs) { s.pollAgain = true }
        s.nextDetailsPoll = nil
        s.connection.retryAt = nil
    }

    static func runsLoaded(_ s: inout DashState, _ page: RunPage, query: RunQuery, at: Date) {
        s.inFlight.remove(.runs)
        s.connection.lastSuccess = at
        s.connection.failures = 0
        s.connection.lastError = nil
        s.connection.retryAt = nil
        let unchanged = page.runs.count <= s.runs.count && zip(page.runs, s.runs).allSatisfy { $0.id == $1.id && $0.status == $1.status }
        s.quietPolls = unchanged && !page.runs.contains { $0.status.isActive } ? s.quietPolls + 1 : 0
        s.nextRunsPoll = s.pollAgain ? s.now : at.addingTimeInterval(s.effectiveInterval)
        s.pollAgain = false
        guard query.agentId == s.agentFilter, query.status == s.statusFilter else {
            s.nextRunsPoll = s.now  // the filter changed while this was in flight
            return
        }
        let old = Dictionary(s.runs.map { ($0.id, $0.status) }, uniquingKeysWith: { a, _ in a })
        let fresh = Set(page.runs.map(\.id))
        var kept: [RunSummary] = []
        if page.hasMore, let oldest = page.runs.last?.createdAt {
            kept = s.runs.filter { !fresh.contains($0.id) && ($0.createdAt ?? .distantPast) < oldest }
        }
        for r in page.runs where old[r.id].map({ $0 != r.status }) ?? false { s.changedAt[r.id] = at }
        s.changedAt = s.changedAt.filter { at.timeIntervalSince($0.value) < changeHighlight }
        let merged = page.runs + kept
        s.runs = Array(merged.prefix(max(s.loadedCount, page.runs.count)))
        if kept.isEmpty {
            s.hasMore = page.hasMore
            s.nextCursor = page.nextCursor
        } else if s.runs.count < merged.count {
            s.hasMore = true  // the oldest were pushed out; they can be paged in again
            s.nextCursor = s.runs.last?.id
        }
        pruneForgottenRuns(&s)
        s.runsLoaded = true
        if let pending = s.pendingSelection, fresh.contains(pending) {
            s.selectedRunId = pending
            s.pendingSelection = nil
            s.log = LogView()
        }
        keepSelectionValid(&s)
    }

    /// Left open for days, the dashboard sees thousands of runs come and go: forget what it
    /// kept about runs no longer listed once there is a lot of it (not before, so switching
    /// filters back and forth does not fetch the same finished runs again).
    static let rememberedRunLimit = 2_000

    static func pruneForgottenRuns(_ s: inout DashState) {
        guard s.usage.count > rememberedRunLimit || s.execSent.count > rememberedRunLimit else { return }
        let listed = Set(s.runs.map(\.id))
        s.usage = s.usage.filter { listed.contains($0.key) }
        s.execSent = s.execSent.filter { listed.contains($0) }
    }

    static func failed(_ s: inout DashState, _ kind: RequestKind, _ error: CaseDevError, at: Date) {
        s.inFlight.remove(kind)
        let text = message(error)
        switch kind {
        case .runs:
            s.connection.failures += 1
            s.connection.lastError = text
            let retry = at.addingTimeInterval(backoff(s, failures: s.connection.failures, retryAfter: error.retryAfter))
            s.connection.retryAt = retry
            s.nextRunsPoll = retry
        case .agents:
            s.agentsError = text
            s.nextAgentsPoll = at.addingTimeInterval(max(5, backoff(s, failures: 2, retryAfter: error.retryAfter)))
        case .details:
            s.nextDetailsPoll = at.addingTimeInterval(backoff(s, failures: 2, retryAfter: error.retryAfter))
            if error.status == 404, let id = s.selectedRunId { s.usage[id] = Usage() }
        case .moreRuns:
            flash(&s, "Could not load more runs: \(text)", error: true)
        case .action:
            flash(&s, text, error: true)
        }
    }

    static func ingest(_ s: inout DashState, _ details: RunDetails, at: Date) {
        var entry = s.caches[details.id] ?? RunCache(details: details, logs: [:], fetchedAt: at)
        var appended = 0
        var rewritten = false
        for (stream, text) in details.result?.logs ?? [:] {
            var buffer = entry.logs[stream] ?? LogBuffer(maxLines: s.config.logLineLimit)
            switch buffer.update(text) {
            case .appended(let n): if stream == s.log.stream { appended += n }
            case .rewritten: if stream == s.log.stream { rewritten = true }
            case .unchanged: break
            }
            entry.logs[stream] = buffer
        }
        var stripped = details
        stripped.result?.logs = nil  // kept once, in the buffers
        entry.details = stripped
        entry.fetchedAt = at
        s.caches[details.id] = entry
        s.cacheOrder.removeAll { $0 == details.id }
        s.cacheOrder.append(details.id)
        while s.cacheOrder.count > cacheLimit, let victim = s.cacheOrder.first(where: { $0 != s.selectedRunId }) {
            s.cacheOrder.removeAll { $0 == victim }
            s.caches[victim] = nil
        }
        if details.status.isTerminal, let usage = details.usage { s.usage[details.id] = usage }
        // The details may be newer than the list: show the status change at once.
        if let i = s.runs.firstIndex(where: { $0.id == details.id }), s.runs[i].status != details.status,
           !s.runs[i].status.isTerminal {
            s.runs[i].status = details.status
            s.runs[i].startedAt = details.startedAt ?? s.runs[i].startedAt
            s.runs[i].completedAt = details.completedAt ?? s.runs[i].completedAt
            s.changedAt[details.id] = at
        }
        guard details.id == s.selectedRunId else { return }
        if s.log.stream == nil || entry.logs[s.log.stream!] == nil { s.log.stream = streams(entry).first }
        if rewritten { flash(&s, "Log \(s.log.stream ?? "") was rewritten by the server; reloaded") }
        if !s.log.follow { s.log.newWhilePaused += appended }
    }

    /// Log streams in display order: runner and linc first, then the rest by name.
    public static func streams(_ cache: RunCache) -> [String] {
        let names = cache.logs.keys
        let preferred = ["runner", "linc"].filter { names.contains($0) }
        return preferred + names.filter { !preferred.contains($0) }.sorted()
    }

    // MARK: Selection

    static func keepSelectionValid(_ s: inout DashState) {
        let visible = s.visibleRuns
        guard !visible.isEmpty else { return }
        if let id = s.selectedRunId, let i = visible.firstIndex(where: { $0.id == id }) {
            scrollTo(&s, index: i)
            return
        }
        // First look: a running run, so there are logs moving; later, the row that took its place.
        let first = s.selectedRunId == nil ? (visible.firstIndex { $0.status == .running } ?? 0) : 0
        select(&s, visible[first].id)
        scrollTo(&s, index: first)
    }

    static func select(_ s: inout DashState, _ id: String?) {
        guard id != s.selectedRunId else { return }
        s.selectedRunId = id
        s.log = LogView()
        s.detailScroll = 0
        if let id, let cache = s.caches[id] {
            s.log.stream = streams(cache).first
            s.log.follow = true
        }
    }

    static func scrollTo(_ s: inout DashState, index: Int) {
        let rows = Layout(s.size).runRows
        if index < s.runScroll { s.runScroll = index }
        if index >= s.runScroll + rows { s.runScroll = index - rows + 1 }
        s.runScroll = max(0, s.runScroll)
    }

    static func resetRuns(_ s: inout DashState) {
        s.runs = []
        s.runsLoaded = false
        s.hasMore = false
        s.nextCursor = nil
        s.loadedCount = s.config.pageSize
        s.runScroll = 0
        s.nextRunsPoll = s.now
    }

    // MARK: Helpers

    static func flash(_ s: inout DashState, _ text: String, error: Bool = false) {
        s.flash = Flash(text: Sanitizer.line(text), isError: error, until: s.now.addingTimeInterval(flashDuration))
    }

    static func closeForm(_ s: inout DashState) {
        if case .form? = s.modal { s.modal = nil }
    }

    public static func shortId(_ id: String) -> String {
        let body = id.hasPrefix("run_") ? String(id.dropFirst(4)) : id
        return Sanitizer.line(body).truncated(to: 8, ellipsis: "")
    }

    static func message(_ e: CaseDevError) -> String { Sanitizer.line(e.description) }

    static func actionMessage(_ what: String, _ e: CaseDevError) -> String {
        if e.status == 409 { return "\(what): the run already started or finished (409: \(Sanitizer.line(e.message)))" }
        return "\(what) failed: \(message(e))"
    }
}
