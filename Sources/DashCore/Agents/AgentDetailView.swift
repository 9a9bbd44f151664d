import CaseDevAPI
import Foundation

/// An agent's definition over the panes: what it is, how it is set up, and its runs by status.
enum AgentDetailView {
    static func lines(_ s: DashState, _ id: String, width: Int) -> [(String, Role)] {
        guard let a = s.agentList.agent(id) else { return [("This agent is no longer listed.", .dim)] }
        var out: [(String, Role)] = []
        func wrapped(_ text: String, _ role: Role) {
            for line in Sanitizer.lines(text) { for piece in LogWindow.wrap(line, width: max(10, width)) { out.append((piece, role)) } }
        }
        func field(_ label: String, _ value: String?) { out.append(((label + ":").padded(to: 14) + Sanitizer.line(value ?? "—"), .dialog)) }
        field("Id", a.id)
        field("Description", a.description)
        field("Model", a.model)
        field("Active", a.isActive.map { $0 ? "yes" : "no" })
        field("Created", a.createdAt.map(ISO8601.format))
        field("Updated", a.updatedAt.map(ISO8601.format))
        field("Tools on", a.enabledTools.map { $0.isEmpty ? "none" : $0.joined(separator: ", ") } ?? "the defaults")
        field("Tools off", a.disabledTools.map { $0.isEmpty ? "none" : $0.joined(separator: ", ") })
        field("Sandbox", a.sandbox?.compactText)
        if let vaults = a.vaultIds, !vaults.isEmpty { field("Vaults", vaults.joined(separator: ", ")) }
        let runs = s.runList.runs.filter { $0.agentId == id }
        let counts = RunStatus.known.compactMap { st -> String? in
            let n = runs.filter { $0.status == st }.count
            return n > 0 ? "\(n) \(st.rawValue)" : nil
        }
        out.append(("", .dialog))
        out.append(("Runs (of the loaded ones): " + (counts.isEmpty ? "none" : counts.joined(separator: " · ")), .title))
        out.append(("", .dialog))
        out.append(("Instructions", .titleFocused))
        if s.agentList.definitions[id] == nil { out.append(("loading…", .dim)) } else { wrapped(a.instructions ?? "(none)", .dialog) }
        return out
    }

    static func draw(_ g: inout Grid, _ s: DashState, _ id: String, scroll: Int) {
        let keys = s.config.readonly ? "↑/↓ scroll · Esc closes" : "E edit · D delete · ↑/↓ scroll · Esc closes"
        let r = Overlays.dialog(&g, width: 100, height: g.size.rows - 4, title: "Agent \(s.agentList.name(id)) · \(keys)")
        let inner = r.inner
        let all = lines(s, id, width: inner.width - 3)
        let top = min(scroll, max(0, all.count - inner.height))
        for (i, line) in all.dropFirst(top).prefix(inner.height).enumerated() {
            g.put(line.0, x: inner.x + 1, y: inner.y + i, role: line.1, limit: inner.width - 2)
        }
    }

    static func confirmDelete(_ g: inout Grid, _ s: DashState, _ id: String, typed: String) {
        let name = s.agentList.name(id)
        let r = Overlays.dialog(&g, width: 72, height: 8, title: "Delete agent?")
        let inner = r.inner
        g.put("Delete agent \(name)? Its runs stay; the agent cannot be used again.", x: inner.x + 1, y: inner.y, role: .dialog,
              limit: inner.width - 2)
        g.put("Type its name and press Enter to delete; Esc keeps it.", x: inner.x + 1, y: inner.y + 1, role: .dim, limit: inner.width - 2)
        g.fill(Rect(x: inner.x + 1, y: inner.y + 3, width: inner.width - 2, height: 1), role: .inputFocused)
        g.put(Sanitizer.line(typed) + "▏", x: inner.x + 1, y: inner.y + 3, role: .inputFocused, limit: inner.width - 2)
        let matches = typed == s.agentList.agent(id)?.name
        g.put(matches ? "Enter deletes it" : "the name must match exactly", x: inner.x + 1, y: inner.y + 5,
              role: matches ? .error : .dim)
    }
}
