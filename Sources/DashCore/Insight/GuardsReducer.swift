import CaseDevAPI
import Foundation

/// The guards at work: judging runs as their figures arrive, announcing a breach once (a
/// message, a terminal notification, an action-log entry), and cancelling once when a per-run
/// rule may cancel; judging agents' failure rates as the list changes.
enum GuardsReducer {
    static func judge(_ s: inout DashState, _ runId: String) {
        let rules = s.config.guards
        guard !rules.isEmpty, let run = s.runList.runs.first(where: { $0.id == runId }) else { return }
        for breach in GuardState.check(rules, run: run, details: s.store.details(runId), now: s.now) where s.guards.record(runId, breach) {
            announce(&s, "Guard \(breach.rule): run \(Format.shortId(runId)) (\(s.agentList.name(run.agentId))) \(breach.text)",
                     target: "run \(Format.shortId(runId))", breach: breach)
            cancel(&s, run, breach)
        }
    }

    static func judgeAll(_ s: inout DashState) {
        let rules = s.config.guards
        guard !rules.isEmpty else { return }
        for run in s.runList.runs where run.status.isActive { judge(&s, run.id) }
        guard let limit = rules.failureRate else { return }
        for agent in Set(s.runList.runs.map(\.agentId)) {
            guard let rate = GuardState.failureRate(s.runList.runs, agent: agent) else { continue }
            if rate <= limit { s.guards.agentRecovered(agent); continue }
            guard s.guards.recordAgent(agent) else { continue }
            let breach = GuardBreach.failureRate(rate, limit: limit)
            announce(&s, "Guard failure_rate: agent \(s.agentList.name(agent)): \(breach.text)", target: "agent \(s.agentList.name(agent))",
                     breach: breach)
        }
    }

    static func announce(_ s: inout DashState, _ text: String, target: String, breach: GuardBreach) {
        s.show(text, error: true)
        s.emit(.notifyTerminal(String(("casedash: " + text).prefix(200))))
        let entry = s.actionLog.note(what: "guard \(breach.rule)", target: target, outcome: breach.text, ok: false, at: s.now)
        s.emit(.recordAction(entry.line))
    }

    /// A per-run rule that may cancel does so once, never read-only.
    static func cancel(_ s: inout DashState, _ run: RunSummary, _ breach: GuardBreach) {
        guard s.config.guards.cancel, !s.config.readonly, run.status.isActive, s.guards.cancelling(run.id),
              ActionsReducer.send(&s, .run(run.id), what: "cancel (guard \(breach.rule))", name: "run \(Format.shortId(run.id))") else { return }
        s.watchlist.unwatch(run.id)
        s.emit(.cancelRun(run.id))
    }

    /// A running run that is not selected, in turn, whose details the per-run guards need; at
    /// most one an interval, never ahead of the list and the selected run, not while the quota is short.
    static func nextToCheck(_ s: DashState) -> String? {
        guard s.config.guards.needsDetails, s.now >= s.poll.nextGuardCheck, !s.poll.quotaUnderPressure(now: s.now),
              !s.poll.connection.isFailing else { return nil }
        let running = s.runList.runs.filter { $0.status == .running && $0.id != s.runList.selectedRunId && !s.store.gone.contains($0.id) }
        guard !running.isEmpty else { return nil }
        return running[s.guards.nextIndex % running.count].id
    }
}
