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
        let (twoLine, top, slots) = rows(s, inner)
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

    /// How the list sits in the pane: two lines an agent (name and count, then the model) when
    /// they all fit, else one line with the highlighted agent's model on the last line; the first
    /// row shown, and how many fit.
    static func rows(_ s: DashState, _ inner: Rect) -> (twoLine: Bool, top: Int, slots: Int) {
        let count = s.agentList.agents.count + 1
        let cursor = s.agentList.row(of: s.runList.agentFilter)
        let twoLine = count * 2 <= inner.height
        let slots = twoLine ? inner.height / 2 : max(1, inner.height - 1)
        return (twoLine, max(0, min(cursor - slots + 1, count - slots)), slots)
    }

    /// The agent row at a point of the pane, if any.
    static func row(at y: Int, _ s: DashState, _ r: Rect) -> Int? {
        let inner = r.inner
        let (twoLine, top, slots) = rows(s, inner)
        let slot = (y - inner.y) / (twoLine ? 2 : 1)
        guard y >= inner.y, slot < slots, top + slot <= s.agentList.agents.count else { return nil }
        return top + slot
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

    /// The reduced layout's one-line list: where each agent's name goes, starting late enough
    /// that the highlighted agent is on screen.
    static func stripItems(_ s: DashState, _ r: Rect) -> (first: Int, labelWidth: Int, items: [(row: Int, x: Int, text: String)]) {
        let cursor = s.agentList.row(of: s.runList.agentFilter)
        let labelWidth = DisplayWidth.of("Agents: ")
        let names = ["All"] + s.agentList.agents.map { s.agentList.name($0.id) }
        let widths = names.map { DisplayWidth.of($0) + 3 }
        let start = r.x + labelWidth
        var first = 0
        while first < cursor, widths[first...cursor].reduce(0, +) > r.maxX - start - 2 { first += 1 }
        var x = start + (first > 0 ? 1 : 0)
        var items: [(row: Int, x: Int, text: String)] = []
        for i in first..<names.count where x < r.maxX {
            items.append((i, x, " \(names[i]) "))
            x += DisplayWidth.of(names[i]) + 3
        }
        return (first, labelWidth, items)
    }

    static func strip(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        let focused = s.focus == .agents
        let cursor = s.agentList.row(of: s.runList.agentFilter)
        g.put("Agents: ", x: r.x, y: r.y, role: focused ? .titleFocused : .title)
        let layout = stripItems(s, r)
        if layout.first > 0 { g.put(g.glyphs.ellipsis, x: r.x + layout.labelWidth, y: r.y, role: .dim) }
        for item in layout.items {
            let role: Role = item.row == cursor ? (focused ? .selection : .selectionInactive) : .normal
            let used = g.put(item.text, x: item.x, y: r.y, role: role, limit: r.maxX - item.x)
            g.put(" ", x: item.x + used, y: r.y)
        }
    }
}
