import CaseDevAPI
import Foundation

/// What the answers to actions do: close the form, say what happened, select what was made,
/// and refresh at once so the list shows it.
enum ActionResults {
    static func apply(_ s: inout DashState, _ event: DashEvent) {
        switch event {
        case .runCreated(let created, let exec):
            s.poll.inFlight.remove(.action(.createRun))
            closeForm(&s, .createRun)
            showEveryRun(&s, of: created.agentId)
            s.runList.pendingSelection = created.id
            s.focus = .detail
            s.detail.tab = .logs
            let id = Format.shortId(created.id)
            switch exec {
            case .success?: s.store.execSent.insert(created.id); s.show("Run \(id) created and started")
            case .failure(let e)?: s.show("Run \(id) created, but exec failed: \(Format.error(e))", error: true)
            case nil: s.show("Run \(id) created (queued; press e to execute)")
            }
        case .runExecuted(let r):
            s.poll.inFlight.remove(.action(.run(r.id)))
            s.show("Run \(Format.shortId(r.id)) started")
        case .runCancelled(let r):
            s.poll.inFlight.remove(.action(.run(r.id)))
            s.show(r.message.map { "Run \(Format.shortId(r.id)): \(Sanitizer.line($0)) (\(r.status.rawValue))" }
                   ?? "Run \(Format.shortId(r.id)) cancelled")
        case .agentCreated(let agent):
            s.poll.inFlight.remove(.action(.createAgent))
            closeForm(&s, .createAgent)
            s.show("Agent \(Sanitizer.line(agent.name)) created")
            s.poll.nextAgentsPoll = s.now
            return
        case .executeAnswered(let answer):
            executeAnswered(&s, answer)
        case .actionFailed(let target, let what, let error):
            actionFailed(&s, target, what, error)
        default:
            return
        }
        s.poll.refreshNow(s.now)
    }

    static func executeAnswered(_ s: inout DashState, _ answer: ExecuteResponse) {
        s.poll.inFlight.remove(.action(.oneShot))
        closeForm(&s, .oneShot)
        if answer.isFinished {
            if s.modal == nil { s.modal = .oneShot(OneShotResult(response: answer)) }
            else { s.show("One-shot run \(Format.shortId(answer.runId)) \(answer.status.rawValue)") }
        } else {
            s.show("One-shot run \(Format.shortId(answer.runId)) started; following it")
        }
        // The ephemeral agent is not listed; show every agent's runs so this one is visible.
        showEveryRun(&s, of: nil)
        s.runList.pendingSelection = answer.runId
        s.focus = .detail
    }

    static func actionFailed(_ s: inout DashState, _ target: ActionTarget, _ what: String, _ error: CaseDevError) {
        s.poll.inFlight.remove(.action(target))
        let text = error.status == 409 ? "\(what): the run already started or finished (409: \(Sanitizer.line(error.message)))"
                                       : "\(what) failed: \(Format.error(error))"
        if case .form(var form)? = s.modal, form.submitting, form.target == target {
            form.submitting = false
            form.error = text
            s.modal = .form(form)
        } else {
            s.show(text, error: true)
        }
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
