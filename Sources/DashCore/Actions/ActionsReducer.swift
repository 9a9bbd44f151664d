import CaseDevAPI
import Foundation

/// Requests that change something on the server. Each is sent once: a form that is being sent
/// ignores another Enter, a run that was executed is never executed again, and at most one
/// request per target is in flight (a one-shot that waits does not hold a cancel). With runs
/// marked, execute and cancel act on every marked run.
enum ActionsReducer {
    static func run(_ s: inout DashState, _ command: ActionCommand) -> [DashEffect] {
        switch command {
        case .newRun:
            guard let agents = agentChoices(&s) else { return [] }
            s.modal = .form(.newRun(agents: agents, preselect: s.runList.agentFilter ?? s.selectedRun?.agentId))
        case .rerun:
            rerun(&s)
        case .execute:
            return s.runList.marks.isEmpty ? execute(&s) : executeMarked(&s)
        case .cancel:
            askToCancel(&s)
        case .newAgent:
            s.modal = .form(.newAgent())
        case .oneShot:
            s.modal = .form(.oneShot())
        case .watchRun:
            guard let run = s.selectedRun else { s.show("No run selected", error: true); return [] }
            s.modal = .form(.watch(run.id))
        case .editAgent:
            return AgentActions.edit(&s)
        case .deleteAgent:
            AgentActions.askToDelete(&s)
        }
        return []
    }

    /// A watcher must be https and name a host: refused before anything is sent.
    static func watcherProblem(_ url: String) -> String? {
        guard let u = URL(string: url), u.scheme?.lowercased() == "https", let host = u.host, !host.isEmpty else {
            return "only https URLs are accepted (https://host/path)"
        }
        return nil
    }

    static func agentChoices(_ s: inout DashState) -> [(String, String)]? {
        let agents = s.agentList.agents.map { ($0.id, s.agentList.name($0.id)) }
        guard !agents.isEmpty else {
            s.show(s.agentList.loaded ? "No agents yet: press a to create one" : "Agents are still loading", error: true)
            return nil
        }
        return agents
    }

    /// The new-run form filled from the selected run: a failed run is retried in two keys. It
    /// creates a new run; the old one is never executed again.
    static func rerun(_ s: inout DashState) {
        guard let run = s.selectedRun else { s.show("No run selected", error: true); return }
        guard let agents = agentChoices(&s) else { return }
        let details = s.store.details(run.id)
        s.modal = .form(.newRun(agents: agents, preselect: run.agentId, prompt: details?.prompt ?? run.prompt,
                                guidance: details?.guidance, model: details?.model ?? run.model))
        s.show("Run \(Format.shortId(run.id)) again: change what you like, Enter creates a new run")
    }

    static func execute(_ s: inout DashState) -> [DashEffect] {
        guard let run = s.selectedRun else { s.show("No run selected", error: true); return [] }
        let sent = s.store.execSent.contains(run.id)
        guard run.status == .queued, !sent else {
            s.show(sent ? "Run \(Format.shortId(run.id)) was already started"
                        : "Run \(Format.shortId(run.id)) is \(run.status.rawValue): only queued runs can be executed", error: true)
            return []
        }
        return exec(&s, run.id).map { [$0] } ?? []
    }

    /// Sends exec for one run unless it is on its way already; the run is then watched.
    static func exec(_ s: inout DashState, _ id: String) -> DashEffect? {
        guard send(&s, .run(id), what: "exec", name: "run \(Format.shortId(id))") else { return nil }
        s.store.execSent.insert(id)
        s.watchlist.watch(id)
        return .execRun(id)
    }

    static func executeMarked(_ s: inout DashState) -> [DashEffect] {
        let targets = s.runList.targets
        let ready = targets.filter { $0.status == .queued && !s.store.execSent.contains($0.id) && !s.poll.inFlight.contains(.action(.run($0.id))) }
        guard !ready.isEmpty else {
            s.show("None of the \(Format.count(targets.count, "marked run")) is queued and not yet started", error: true)
            return []
        }
        let fx = ready.compactMap { exec(&s, $0.id) }
        if s.bulk == nil { s.bulk = BulkOperation(kind: .execute, sent: Set(ready.map(\.id)), skipped: targets.count - ready.count) }
        return fx
    }

    static func askToCancel(_ s: inout DashState) {
        let targets = s.runList.targets
        guard !targets.isEmpty else { s.show("No run selected", error: true); return }
        let active = targets.filter(\.status.isActive)
        guard !active.isEmpty else {
            let what = targets.count == 1 ? "Run \(Format.shortId(targets[0].id)) is \(targets[0].status.rawValue)"
                                          : "None of the \(Format.count(targets.count, "marked run")) is queued or running"
            s.show("\(what): nothing to cancel", error: true)
            return
        }
        s.modal = .confirmCancel(runIds: active.map(\.id))
    }

    static func confirmedCancel(_ s: inout DashState, _ runIds: [String], confirmed: Bool) -> [DashEffect] {
        guard confirmed else {
            s.show(runIds.count == 1 ? "Kept run \(Format.shortId(runIds[0])): not cancelled" : "Kept the \(runIds.count) runs: none cancelled")
            return []
        }
        var fx: [DashEffect] = []
        for id in runIds where send(&s, .run(id), what: "cancel", name: "run \(Format.shortId(id))") {
            s.watchlist.unwatch(id)
            fx.append(.cancelRun(id))
        }
        // Several at once report together; a second bulk while the first is answered would mix them.
        if runIds.count > 1, !fx.isEmpty, s.bulk == nil {
            let marked = s.runList.targets.count
            s.bulk = BulkOperation(kind: .cancel, sent: Set(fx.compactMap { if case .cancelRun(let id) = $0 { id } else { nil } }),
                                   skipped: max(0, marked - runIds.count))
        }
        return fx
    }

    /// Marks the target busy and names the request for the action log; false (and says so) when
    /// a request for it is still on its way.
    static func send(_ s: inout DashState, _ target: ActionTarget, what: String, name: String) -> Bool {
        guard !s.poll.inFlight.contains(.action(target)) else {
            s.show("Busy: the last request for \(target) is still being sent", error: true)
            return false
        }
        s.poll.inFlight.insert(.action(target))
        s.actionLog.sending(target, what: what, target: name)
        return true
    }

    static func submit(_ s: inout DashState, _ form: FormState) -> [DashEffect] {
        var form = form
        guard !form.submitting, !s.poll.inFlight.contains(.action(form.target)) else { return [] }
        if let problem = form.validate() ?? form.text("url").flatMap({ watcherProblem($0) }) {
            form.error = problem
            s.modal = .form(form)
            return []
        }
        guard let effect = form.request() else {
            if case .editAgent = form.purpose { s.modal = nil; s.show("Nothing changed: nothing sent") }
            return []
        }
        let (what, name) = describe(effect, s)
        guard send(&s, form.target, what: what, name: name) else { return [] }
        form.submitting = true
        s.modal = .form(form)
        return [effect]
    }

    /// How the action log names a request: what, and on what (free text cut short).
    static func describe(_ effect: DashEffect, _ s: DashState) -> (String, String) {
        switch effect {
        case .createRun(let r, let execute):
            return (execute ? "create and exec run" : "create run",
                    "for \(s.agentList.name(r.agentId)): \"\(ActionLog.excerpt(r.prompt))\"")
        case .createAgent(let r): return ("create agent", "\"\(ActionLog.excerpt(r.name))\"")
        case .execute(let r): return (r.agentRuntime == true ? "execute (agent runtime)" : "execute", "\"\(ActionLog.excerpt(r.prompt))\"")
        case .updateAgent(let id, let u):
            let fields = [u.name.map { _ in "name" }, u.description.map { _ in "description" }, u.instructions.map { _ in "instructions" },
                          u.model.map { _ in "model" }].compactMap { $0 }
            return ("update agent", "\(s.agentList.name(id)) (\(fields.joined(separator: ", ")))")
        case .watchRun(let id, let url): return ("watch", "run \(Format.shortId(id)) → \(ActionLog.excerpt(url))")
        default: return ("request", "")
        }
    }
}
