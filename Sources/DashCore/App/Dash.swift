import CaseDevAPI
import Foundation

/// The dashboard's only state transition: `update(state, event) -> effects`. It routes each
/// event to the reducer of its area, then keeps the visible run list current and asks the
/// poll scheduler what is due. No I/O here: the runtime performs the effects and feeds their
/// results back as events.
public enum Dash {
    public static func update(_ s: inout DashState, _ event: DashEvent) -> [DashEffect] {
        var fx: [DashEffect] = []
        switch event {
        case .tick(let now):
            tick(&s, now)
        case .resize(let size):
            s.viewport.resize(size)
            RunListReducer.keepSelectionValid(&s)
        case .key(let key):
            s.poll.userActed(now: s.now, interval: s.prefs.interval)
            fx += KeyDispatch.handle(&s, key)
        case .quitRequested:
            fx += quit(&s)
        case .runsLoaded(let page, let query, let at):
            RunListReducer.loaded(&s, page, query: query, at: at)
        case .moreRunsLoaded(let page, let query, let at):
            RunListReducer.moreLoaded(&s, page, query: query, at: at)
        case .agentsLoaded(let agents, let at):
            AgentsReducer.loaded(&s, agents, at: at)
        case .detailsRead(let read, let at):
            Flows.detailsLoaded(&s, read, at: at)
        case .costRead(let cost, let at):
            Flows.costLoaded(&s, cost, at: at)
        case .requestFailed(let key, let error, let at):
            Polling.failed(&s, key, error, at: at)
        case .runEvents(let token, let runId, let events, let at):
            Flows.runEvents(&s, token: token, runId, events, at: at)
        case .eventsClosed(let token, let runId, let error, let at):
            Flows.eventsClosed(&s, token: token, runId, error, at: at)
        case .logSaved, .logSaveFailed, .pagerClosed:
            LogsReducer.saved(&s, event)
        case .mouse(let m):
            s.poll.userActed(now: s.now, interval: s.prefs.interval)
            fx += MouseReducer.handle(&s, m)
        case .agentLoaded(let a):
            AgentActions.loaded(&s, a)
        case .agentUpdated(let a):
            AgentActions.updated(&s, a)
        case .agentDeleted(let id):
            AgentActions.deleted(&s, id)
        case .quotaSeen(let quota, _):
            s.poll.quota = quota
        case .contextSwitched(let config):
            Flows.switchContext(&s, config)
        case .contextSwitchFailed(let reason):
            s.show("Could not switch context: \(reason)", error: true)
        case .usageRecordsLoaded(let records):
            s.store.remember(records)
        case .runWatched(let id, let answer):
            ActionResults.watched(&s, id, answer)
        case .runLookedUp(let info):
            PaletteReducer.lookedUp(&s, info)
        case .runLookupFailed(let id, let error):
            s.show(error.status == 404 ? "No run \(Sanitizer.line(id)) on the server" : "Could not look up \(Sanitizer.line(id)): \(Format.error(error))",
                   error: true)
        case .runCreated, .runExecuted, .runCancelled, .agentCreated, .executeAnswered, .actionFailed:
            ActionResults.apply(&s, event)
        }
        s.refreshVisible()
        fx += Polling.schedule(&s)
        fx += s.outbox
        s.outbox = []
        return fx
    }

    /// Brings up to date what only frames read (the usage totals): the runtime calls it before
    /// each frame, so they are computed at most once a frame, not once per answer (the back-fill
    /// and a live run's usage events move them several times between frames).
    public static func prepareFrame(_ s: inout DashState) {
        s.refreshUsageTotals()
    }

    static func tick(_ s: inout DashState, _ now: Date) {
        s.now = now
        if let f = s.flash, now >= f.until, !f.isError { s.flash = nil }
        // A stream that went quiet while its run runs is given up for polling (closed by the scheduler).
        if let open = s.poll.stream { _ = s.store.checkQuiet(open.runId, now: now, interval: s.prefs.interval) }
    }

    static func quit(_ s: inout DashState) -> [DashEffect] {
        s.quitting = true
        return [.quit]
    }
}

extension DashState {
    /// A message in the footer.
    mutating func show(_ text: String, error: Bool = false) {
        flash = Flash(text, error: error, now: now)
    }
}
