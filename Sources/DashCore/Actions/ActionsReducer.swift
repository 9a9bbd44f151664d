import CaseDevAPI
import Foundation

/// Requests that change something on the server. Each is sent once: a form that is being sent
/// ignores another Enter, a run that was executed is never executed again, and at most one
/// request per target is in flight (a one-shot that waits does not hold a cancel).
enum ActionsReducer {
    static func run(_ s: inout DashState, _ command: ActionCommand) -> [DashEffect] {
        switch command {
        case .newRun:
            let agents = s.agentList.agents.map { ($0.id, s.agentList.name($0.id)) }
            guard !agents.isEmpty else {
                s.show(s.agentList.loaded ? "No agents yet: press a to create one" : "Agents are still loading", error: true)
                return []
            }
            s.modal = .form(.newRun(agents: agents, preselect: s.runList.agentFilter ?? s.selectedRun?.agentId))
        case .execute:
            return execute(&s)
        case .cancel:
            guard let run = s.selectedRun else { s.show("No run selected", error: true); return [] }
            guard run.status.isActive else {
                s.show("Run \(Format.shortId(run.id)) is \(run.status.rawValue): nothing to cancel", error: true)
                return []
            }
            s.modal = .confirmCancel(runId: run.id)
        case .newAgent:
            s.modal = .form(.newAgent())
        case .oneShot:
            s.modal = .form(.oneShot())
        }
        return []
    }

    static func execute(_ s: inout DashState) -> [DashEffect] {
        guard let run = s.selectedRun else { s.show("No run selected", error: true); return [] }
        let sent = s.store.execSent.contains(run.id)
        guard run.status == .queued, !sent else {
            s.show(sent ? "Run \(Format.shortId(run.id)) was already started"
                        : "Run \(Format.shortId(run.id)) is \(run.status.rawValue): only queued runs can be executed", error: true)
            return []
        }
        guard send(&s, .run(run.id)) else { return [] }
        s.store.execSent.insert(run.id)
        return [.execRun(run.id)]
    }

    static func confirmedCancel(_ s: inout DashState, _ runId: String, confirmed: Bool) -> [DashEffect] {
        guard confirmed else { s.show("Kept run \(Format.shortId(runId)): not cancelled"); return [] }
        guard send(&s, .run(runId)) else { return [] }
        return [.cancelRun(runId)]
    }

    /// Marks the target busy; false (and says so) when a request for it is still on its way.
    static func send(_ s: inout DashState, _ target: ActionTarget) -> Bool {
        guard !s.poll.inFlight.contains(.action(target)) else {
            s.show("Busy: the last request for \(target) is still being sent", error: true)
            return false
        }
        s.poll.inFlight.insert(.action(target))
        return true
    }

    static func submit(_ s: inout DashState, _ form: FormState) -> [DashEffect] {
        var form = form
        guard !form.submitting, !s.poll.inFlight.contains(.action(form.target)) else { return [] }
        if let problem = form.validate() {
            form.error = problem
            s.modal = .form(form)
            return []
        }
        guard let effect = form.request() else { return [] }
        form.submitting = true
        s.modal = .form(form)
        s.poll.inFlight.insert(.action(form.target))
        return [effect]
    }
}
