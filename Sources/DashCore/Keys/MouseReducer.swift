import RunFollow

/// Clicks and the wheel, hit-tested against the same layout the view draws: a click selects a
/// row, focuses its pane, switches tabs and log sources by their names; the wheel moves in the
/// list, or scrolls the logs or the dialog, under the pointer.
enum MouseReducer {
    static let wheelStep = 3

    static func handle(_ s: inout DashState, _ m: MouseEvent) -> [DashEffect] {
        if let modal = s.modal { return inDialog(&s, modal, m) }
        guard s.prompt == nil, s.layout.mode != .tooSmall else { return [] }
        let l = s.layout
        let delta = m.kind == .wheelUp ? -wheelStep : wheelStep
        if l.runs.contains(x: m.x, y: m.y) {
            s.focus = .runs
            if m.kind != .press { return RunListReducer.move(&s, by: delta) }
            return clickRun(&s, y: m.y)
        }
        if l.agents.contains(x: m.x, y: m.y) {
            s.focus = .agents
            if m.kind != .press { AgentsReducer.move(&s, by: delta > 0 ? 1 : -1); return [] }
            clickAgent(&s, m)
            return []
        }
        if l.detail.contains(x: m.x, y: m.y) {
            s.focus = .detail
            if m.kind != .press { return Navigation.move(&s, by: delta) }
            clickDetail(&s, m)
        }
        return []
    }

    static func clickRun(_ s: inout DashState, y: Int) -> [DashEffect] {
        let bodyTop = s.layout.runs.y + 2  // the border and the column header
        let index = s.runList.scroll + (y - bodyTop)
        guard y >= bodyTop, index >= 0, index < s.runList.visible.count else { return [] }
        let current = s.runList.visibleIndex(of: s.runList.selectedRunId) ?? 0
        return RunListReducer.move(&s, by: index - current)
    }

    static func clickAgent(_ s: inout DashState, _ m: MouseEvent) {
        let row: Int?
        if s.layout.mode == .full {
            row = AgentsView.row(at: m.y, s, s.layout.agents)
        } else {
            row = AgentsView.stripItems(s, s.layout.agents).items
                .first { m.x >= $0.x && m.x < $0.x + DisplayWidth.of($0.text) }?.row
        }
        guard let row else { return }
        Flows.setAgentFilter(&s, s.agentList.filter(atRow: row))
    }

    static func clickDetail(_ s: inout DashState, _ m: MouseEvent) {
        let inner = s.layout.detail.inner
        guard m.y == inner.y, s.selectedRun != nil else { return }
        let bar = DetailView.tabBar(s, s.selectedFollower, Rect(x: inner.x, y: inner.y, width: inner.width, height: 1), glyphs: .unicode)
        switch bar.target(at: m.x) {
        case .tab(let tab)?:
            s.detail.tab = tab
            s.detail.scroll = 0
        case .source(let source)?:
            s.detail.log.show(source)
            s.detail.log.catchUp(s.logPage)
        case nil:
            break
        }
    }

    /// The wheel scrolls a text dialog; clicks outside dialogs do nothing while one is open.
    static func inDialog(_ s: inout DashState, _ modal: Modal, _ m: MouseEvent) -> [DashEffect] {
        switch (modal, m.kind) {
        case (.help, .wheelUp), (.actionLog, .wheelUp), (.oneShot, .wheelUp): return ModalReducer.key(&s, modal, .up)
        case (.help, .wheelDown), (.actionLog, .wheelDown), (.oneShot, .wheelDown): return ModalReducer.key(&s, modal, .down)
        default: return []
        }
    }
}
