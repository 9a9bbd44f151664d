import CaseDevAPI
import Foundation

/// Looking at and managing agents: the detail view, editing (a PATCH of what changed) and
/// deleting (only after the name is typed whole). Both changes respect `--readonly` (they are
/// `.actions` commands), are sent once and never retried, and land in the action log.
enum AgentActions {
    /// Opens an agent's detail and fetches its full definition.
    static func open(_ s: inout DashState, _ id: String) -> [DashEffect] {
        s.modal = .agent(id: id, scroll: 0)
        return [.fetchAgent(id)]
    }

    /// The agent the command is about: the one open in the detail, else the highlighted one.
    static func subject(_ s: DashState) -> Agent? {
        if case .agent(let id, _)? = s.modal { return s.agentList.agent(id) }
        return s.runList.agentFilter.flatMap { s.agentList.agent($0) }
    }

    static func edit(_ s: inout DashState) -> [DashEffect] {
        guard let agent = subject(s) else { s.show("Highlight an agent first (Tab to the agents pane)", error: true); return [] }
        guard s.agentList.definitions[agent.id] != nil else {
            // The list lacks instructions: edit from the full definition, fetched first.
            s.show("Loading the agent's definition; press E again in a moment")
            return [.fetchAgent(agent.id)]
        }
        s.modal = .form(.editAgent(agent))
        return []
    }

    static func askToDelete(_ s: inout DashState) {
        guard let agent = subject(s) else { s.show("Highlight an agent first (Tab to the agents pane)", error: true); return }
        s.modal = .confirmDelete(agentId: agent.id, typed: "")
    }

    /// The delete dialog: typing edits the name; Enter deletes only when it is the agent's name.
    static func deleteKey(_ s: inout DashState, _ agentId: String, _ typed: String, _ key: Key) -> [DashEffect] {
        var text = typed
        switch key {
        case .enter:
            s.modal = nil
            let name = s.agentList.agent(agentId)?.name ?? ""
            guard !name.isEmpty, text == name else { s.show("Not deleted: the name did not match"); return [] }
            guard ActionsReducer.send(&s, .agent(agentId), what: "delete agent", name: "\"\(ActionLog.excerpt(name))\"") else { return [] }
            return [.deleteAgent(agentId)]
        case .esc: s.modal = nil; s.show("Not deleted"); return []
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .ctrl("u"): text = ""
        case .char(let c): text.append(c)
        default: break
        }
        s.modal = .confirmDelete(agentId: agentId, typed: text)
        return []
    }

    static func loaded(_ s: inout DashState, _ a: Agent) {
        s.agentList.loaded(definition: a)
    }

    static func updated(_ s: inout DashState, _ a: Agent) {
        ActionResults.finished(&s, .agent(a.id), "ok", ok: true)
        ActionResults.closeForm(&s, .agent(a.id))
        s.agentList.loaded(definition: a)
        s.show("Agent \(Sanitizer.line(a.name)) saved")
        s.poll.nextAgentsPoll = s.now
    }

    static func deleted(_ s: inout DashState, _ id: String) {
        ActionResults.finished(&s, .agent(id), "ok, deleted", ok: true)
        s.show("Agent \(s.agentList.name(id)) deleted")
        if s.runList.agentFilter == id { Flows.setAgentFilter(&s, nil) }
        s.poll.nextAgentsPoll = s.now
    }
}
