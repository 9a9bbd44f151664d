import CaseDevAPI
import Foundation

/// The agents: a boxed list in the full layout, a one-line strip in the reduced one. The
/// highlighted row is the agent the runs are filtered by ("All agents" when none).
enum AgentsView {
    static func pane(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        let focused = s.focus == .agents
        let agents = s.agentList
        g.box(r, role: focused ? .borderFocused : .border, title: "Agents (\(agents.agents.count))",
              titleRole: focused ? .titleFocused : .title)
        let inner = r.inner
        guard inner.height > 0 else { return }
        if !agents.loaded {
            g.put(agents.error.map { "error: \($0)" } ?? "loading…", x: inner.x + 1, y: inner.y,
                  role: agents.error == nil ? .dim : .error, limit: inner.width - 1)
            return
        }
        let count = agents.agents.count + 1
        let cursor = agents.row(of: s.runList.agentFilter)
        // Two lines an agent (name and count, then the model) when they all fit; else one line,
        // with the highlighted agent's model on the last line of the pane.
        let twoLine = count * 2 <= inner.height
        let slots = twoLine ? inner.height / 2 : max(1, inner.height - 1)
        let top = max(0, min(cursor - slots + 1, count - slots))
        for i in top..<min(count, top + slots) {
            let y = inner.y + (i - top) * (twoLine ? 2 : 1)
            let (name, detail, model) = row(s, i)
            g.put(" " + name.padded(to: max(1, inner.width - 11)) + " " + detail.leftPadded(to: 9), x: inner.x, y: y,
                  role: .normal, limit: inner.width)
            if twoLine { g.put("   " + model, x: inner.x, y: y + 1, role: .dim, limit: inner.width) }
            if i == cursor {
                g.paint(Rect(x: inner.x, y: y, width: inner.width, height: twoLine ? 2 : 1), role: focused ? .selection : .selectionInactive)
            }
        }
        if !twoLine {
            let model = cursor == 0 ? "" : Format.model(agents.agents[cursor - 1].model)
            g.put(" model: " + model, x: inner.x, y: inner.maxY - 1, role: .dim, limit: inner.width)
        }
    }

    /// Name, activity and model of a row (row 0 is "All agents"). Counts are over the loaded runs,
    /// so they are shown only where the loaded runs can tell: every agent's, of every status.
    static func row(_ s: DashState, _ i: Int) -> (String, String, String) {
        let list = s.runList
        guard i > 0 else {
            let all = list.agentFilter == nil && list.statusFilter == nil
            return ("All agents", all ? "\(list.runs.count)\(list.hasMore ? "+" : "") runs" : "", "every agent's runs")
        }
        let a = s.agentList.agents[i - 1]
        guard list.statusFilter.map({ $0.isActive }) ?? true, list.agentFilter == nil || list.agentFilter == a.id else {
            return (s.agentList.name(a.id), "", Format.model(a.model))
        }
        let active = list.runs.reduce(0) { $0 + ($1.agentId == a.id && $1.status.isActive ? 1 : 0) }
        return (s.agentList.name(a.id), active > 0 ? "\(active) active" : "idle", Format.model(a.model))
    }

    static func strip(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        let focused = s.focus == .agents
        let cursor = s.agentList.row(of: s.runList.agentFilter)
        var x = r.x
        x += g.put("Agents: ", x: x, y: r.y, role: focused ? .titleFocused : .title)
        let names = ["All"] + s.agentList.agents.map { s.agentList.name($0.id) }
        let widths = names.map { DisplayWidth.of($0) + 3 }
        // Start late enough that the highlighted agent is on screen.
        var first = 0
        while first < cursor, widths[first...cursor].reduce(0, +) > r.maxX - x - 2 { first += 1 }
        if first > 0 { x += g.put(g.glyphs.ellipsis, x: x, y: r.y, role: .dim) }
        for i in first..<names.count {
            guard x < r.maxX else { break }
            let role: Role = i == cursor ? (focused ? .selection : .selectionInactive) : .normal
            x += g.put(" \(names[i]) ", x: x, y: r.y, role: role, limit: r.maxX - x)
            x += g.put(" ", x: x, y: r.y)
        }
    }
}
