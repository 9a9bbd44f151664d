import CaseDevAPI
import Foundation

/// What the answers to actions do: close the form, say what happened, record it in the action
/// log, select what was made (and watch it), finish a bulk operation, and refresh at once.
enum ActionResults {
    static func apply(_ s: inout DashState, _ event: DashEvent) {
        switch event {
        case .runCreated(let created, let exec):
            runCreated(&s, created, exec)
        case .runExecuted(let r):
            finished(&s, .run(r.id), "ok, \(r.status.rawValue)", ok: true)
            if !bulkAnswered(&s, r.id, failure: nil) { s.show("Run \(Format.shortId(r.id)) started") }
        case .runCancelled(let r):
            finished(&s, .run(r.id), "ok, \(r.status.rawValue)" + (r.message.map { " (\(Sanitizer.line($0)))" } ?? ""), ok: true)
            if !bulkAnswered(&s, r.id, failure: nil) {
                s.show(r.message.map { "Run \(Format.shortId(r.id)): \(Sanitizer.line($0)) (\(r.status.rawValue))" }
                       ?? "Run \(Format.shortId(r.id)) cancelled")
            }
        case .agentCreated(let agent):
            finished(&s, .createAgent, "ok, \(agent.id)", ok: true)
            closeForm(&s, .createAgent)
            s.show("Agent \(Sanitizer.line(agent.name)) created")
            s.poll.nextAgentsPoll = s.now
            return
        case .executeAnswered(let answer):
            finished(&s, .oneShot, "ok, run \(answer.runId) \(answer.status.rawValue)", ok: true)
            executeAnswered(&s, answer)
        case .actionFailed(let target, let what, let error):
            actionFailed(&s, target, what, error)
        default:
            return
        }
        s.poll.refreshNow(s.now)
    }

    static func runCreated(_ s: inout DashState, _ created: RunCreated, _ exec: Result<RunExecResponse, CaseDevError>?) {
        let id = Format.shortId(created.id)
        switch exec {
        case .success?: finished(&s, .createRun, "ok, \(created.id) started", ok: true)
        case .failure(let e)?: finished(&s, .createRun, "created \(created.id), exec failed: \(outcome(e))", ok: false)
        case nil: finished(&s, .createRun, "ok, \(created.id) queued", ok: true)
        }
        closeForm(&s, .createRun)
        showEveryRun(&s, of: created.agentId)
        s.runList.pendingSelection = created.id
        s.watchlist.watch(created.id)
        s.focus = .detail
        s.detail.tab = .logs
        switch exec {
        case .success?: s.store.execSent.insert(created.id); s.show("Run \(id) created and started")
        case .failure(let e)?: s.show("Run \(id) created, but exec failed: \(Format.error(e))", error: true)
        case nil: s.show("Run \(id) created (queued; press e to execute)")
        }
    }

    static func watched(_ s: inout DashState, _ runId: String, _ answer: WatchResponse) {
        let url = answer.callbackUrl ?? "the watcher"
        ActionResults.finished(&s, .watch(runId), answer.ok ? "ok, \(ActionLog.excerpt(url))" : "refused", ok: answer.ok)
        closeForm(&s, .watch(runId))
        if answer.ok { s.store.watched(runId, url: url) }
        s.show(answer.ok ? "Run \(Format.shortId(runId)) will POST its result to \(Sanitizer.line(url))"
                         : "The server did not register the watcher", error: !answer.ok)
    }

    static func executeAnswered(_ s: inout DashState, _ answer: ExecuteResponse) {
        s.poll.inFlight.remove(.action(.oneShot))
        closeForm(&s, .oneShot)
        if answer.isFinished {
            if s.modal == nil { s.modal = .oneShot(OneShotResult(response: answer)) }
            else { s.show("One-shot run \(Format.shortId(answer.runId)) \(answer.status.rawValue)") }
        } else {
            s.watchlist.watch(answer.runId)
            s.show("One-shot run \(Format.shortId(answer.runId)) started; following it")
        }
        // The ephemeral agent is not listed; show every agent's runs so this one is visible.
        showEveryRun(&s, of: nil)
        s.runList.pendingSelection = answer.runId
        s.focus = .detail
    }

    static func actionFailed(_ s: inout DashState, _ target: ActionTarget, _ what: String, _ error: CaseDevError) {
        finished(&s, target, outcome(error), ok: false)
        let text = error.status == 409 ? "\(what): the run already started or finished (409: \(Sanitizer.line(error.message)))"
                                       : "\(what) failed: \(Format.error(error))"
        if case .run(let id) = target, bulkAnswered(&s, id, failure: error.status.map { "HTTP \($0)" } ?? Format.error(error)) { return }
        if case .form(var form)? = s.modal, form.submitting, form.target == target {
            form.submitting = false
            form.error = text
            s.modal = .form(form)
        } else {
            s.show(text, error: true)
        }
    }

    /// How a failure reads in the action log: the HTTP status and the server's message.
    static func outcome(_ e: CaseDevError) -> String {
        e.status.map { "HTTP \($0): \(ActionLog.excerpt(e.message))" } ?? ActionLog.excerpt(e.description)
    }

    /// Ends the request for `target`: no longer in flight, and an entry in the action log (and the log file).
    static func finished(_ s: inout DashState, _ target: ActionTarget, _ outcome: String, ok: Bool) {
        s.poll.inFlight.remove(.action(target))
        let entry = s.actionLog.finished(target, outcome: outcome, ok: ok, at: s.now, fallback: (target.description, ""))
        s.emit(.recordAction(entry.line))
    }

    /// Counts an answer towards the bulk operation it belongs to; when the last is in, says how it went.
    static func bulkAnswered(_ s: inout DashState, _ runId: String, failure: String?) -> Bool {
        guard var bulk = s.bulk, bulk.answered(runId, failure: failure) else { return false }
        s.bulk = bulk.isDone ? nil : bulk
        if bulk.isDone {
            s.show(bulk.summary.prefix(1).uppercased() + bulk.summary.dropFirst(), error: !bulk.failures.isEmpty)
            if bulk.kind == .cancel { s.runList.clearMarks() }
        }
        return true
    }

    /// Clears the filters that would hide a run just made (of `agentId`, or of an unlisted agent),
    /// so it can be selected when the list shows it.
    static func showEveryRun(_ s: inout DashState, of agentId: String?) {
        let wrongAgent = s.runList.agentFilter.map { $0 != agentId } ?? false
        if wrongAgent || s.runList.statusFilter != nil {
            if wrongAgent { s.runList.agentFilter = nil }
            s.runList.statusFilter = nil
            Flows.resetRuns(&s)
        }
        s.runList.textFilter = ""
    }

    /// Closes the form that sent this request, if it is still the one open.
    static func closeForm(_ s: inout DashState, _ target: ActionTarget) {
        if case .form(let form)? = s.modal, form.target == target { s.modal = nil }
    }
}
