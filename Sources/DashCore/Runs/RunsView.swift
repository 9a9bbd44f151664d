import CaseDevAPI
import Foundation

/// The run queue: newest first by default, one row per run.
enum RunsView {
    struct Columns {
        var id = 8, agent = 16, status = 11, created = 8, duration = 7, tokens = 7
        var prompt = 10
        var showAgent = true

        init(width: Int) {
            if width < 90 { agent = 12 }
            if width < 70 { showAgent = false }
            let fixed = id + status + created + duration + tokens + 6 + (showAgent ? agent + 1 : 0) + 1
            prompt = max(6, width - fixed)
        }
    }

    /// The pane's title: what the list shows. When it does not fit, the least telling parts go
    /// first; the count stays whole.
    static func title(_ s: DashState, width: Int) -> String {
        let list = s.runList
        let more = list.hasMore ? "+" : ""
        var parts = [Segment("Runs", .title, priority: 9)]
        if let a = list.agentFilter { parts.append(Segment("agent: \(s.agentList.name(a))", .title, priority: 7)) }
        parts.append(Segment("status: \(list.statusFilter?.rawValue ?? "all")", .title, priority: list.statusFilter == nil ? 2 : 6))
        if !list.textFilter.isEmpty { parts.append(Segment("filter: \"\(Sanitizer.line(list.textFilter))\"", .title, priority: 5)) }
        parts.append(Segment("sort: \(list.sort.rawValue)", .title, priority: list.sort == .newest ? 1 : 4))
        parts.append(Segment(list.visible.count == list.runs.count ? "\(list.runs.count)\(more)"
                             : "\(list.visible.count) of \(list.runs.count)\(more)", .title, priority: 8))
        if !list.marks.isEmpty { parts.append(Segment("\(list.marks.count) marked", .title, priority: 8)) }
        for i in parts.indices.dropFirst() { parts[i].spans[0].text = " · " + parts[i].spans[0].text }
        return Segment.fit(parts, width: width).map { $0.spans[0].text }.joined()
    }

    static func pane(_ g: inout Grid, _ s: DashState, _ r: Rect, memo: inout PaneMemo) {
        let focused = s.focus == .runs
        let visible = s.runList.visible
        g.box(r, role: focused ? .borderFocused : .border, title: title(s, width: r.width - 6),
              titleRole: focused ? .titleFocused : .title)
        let inner = r.inner
        guard inner.height >= 2 else { return }
        let c = Columns(width: inner.width)
        var header = " " + "ID".padded(to: c.id) + " "
        if c.showAgent { header += "AGENT".padded(to: c.agent) + " " }
        header += "STATUS".padded(to: c.status) + " " + "PROMPT".padded(to: c.prompt) + " "
            + "CREATED".leftPadded(to: c.created) + " " + "DUR".leftPadded(to: c.duration) + " " + "TOKENS".leftPadded(to: c.tokens)
        g.put(header, x: inner.x, y: inner.y, role: .columnHeader, limit: inner.width)
        let body = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        if visible.isEmpty {
            let text: String
            let c = s.poll.connection
            if !s.runList.loaded { text = c.isFailing ? "cannot load runs: \(c.lastError ?? "")" : "loading runs…" }
            else if !s.runList.textFilter.isEmpty { text = "no run matches \"\(Sanitizer.line(s.runList.textFilter))\" (Esc clears the filter)" }
            else if s.runList.statusFilter != nil || s.runList.agentFilter != nil {
                // Runs may exist, of other statuses or agents: an invitation to create one would mislead.
                let status = s.runList.statusFilter.map { "\($0.rawValue) " } ?? ""
                let agent = s.runList.agentFilter.map { " of \(s.agentList.name($0))" } ?? ""
                text = "no \(status)runs\(agent) (Esc shows every run)"
            } else { text = s.config.readonly ? "no runs" : "no runs yet: press n to create one" }
            g.put(text, x: body.x + 1, y: body.y, role: c.isFailing && !s.runList.loaded ? .error : .dim, limit: body.width - 1)
            return
        }
        let start = min(s.runList.scroll, max(0, visible.count - 1))
        let ascii = g.glyphs.isASCII
        memo.startRunRows()
        for (row, run) in visible[start..<min(visible.count, start + body.height)].enumerated() {
            let line = Rect(x: inner.x, y: body.y + row, width: inner.width, height: 1)
            let inputs = RowInputs(s, run, width: inner.width, focused: focused, ascii: ascii)
            memo.runRow(&g, inputs, line) { self.row(&$0, inputs, c, line) }
        }
        if s.runList.hasMore, start + body.height >= visible.count {
            let more = s.poll.inFlight.contains(.moreRuns) ? " loading more… " : " ↓ more "
            g.put(more, x: r.maxX - DisplayWidth.of(more) - 2, y: r.maxY - 1, role: .dim)
        }
    }

    /// Everything one run's row shows. The row is drawn from these alone, so a row whose
    /// inputs are the same as last frame can be copied (`PaneMemo`): on a clock tick only the
    /// rows whose age or duration text moved are drawn again.
    struct RowInputs: Hashable, Sendable {
        enum Flag: Hashable, Sendable { case none, guarded, watched }
        enum Tint: Hashable, Sendable { case none, selected, selectedInactive, changed }
        var run: RunSummary
        var agent: String
        var marked: Bool
        var flag: Flag
        var created: String, duration: String, tokens: String
        var tint: Tint
        var width: Int
        var ascii: Bool

        init(_ s: DashState, _ run: RunSummary, width: Int, focused: Bool, ascii: Bool) {
            self.run = run
            agent = s.agentList.name(run.agentId)
            marked = s.runList.marks.contains(run.id)
            flag = s.guards.breached(run.id) ? .guarded : s.watchlist.contains(run.id) ? .watched : .none
            created = run.createdAt.map { Format.age(s.now.timeIntervalSince($0)) + " ago" } ?? "—"
            duration = s.duration(run).map(Format.duration) ?? "—"
            tokens = s.store.tokens(run.id).map(Format.tokens) ?? "—"
            if run.id == s.runList.selectedRunId {
                tint = focused ? .selected : .selectedInactive
            } else if let changed = s.runList.changedAt[run.id], s.now.timeIntervalSince(changed) < RunList.changeHighlight {
                tint = .changed
            } else {
                tint = .none
            }
            self.width = width
            self.ascii = ascii
        }
    }

    static func row(_ g: inout Grid, _ r: RowInputs, _ c: Columns, _ line: Rect) {
        let run = r.run
        if r.marked { g.put(r.ascii ? "*" : "●", x: line.x, y: line.y, role: .title) }
        var x = line.x + 1
        func cell(_ text: String, _ width: Int, _ role: Role = .normal, right: Bool = false) {
            g.put(right ? text.leftPadded(to: width) : text.padded(to: width), x: x, y: line.y, role: role)
            x += width + 1
        }
        cell(Format.shortId(run.id), c.id, .dim)
        if c.showAgent { cell(r.agent, c.agent) }
        let symbol = Format.statusSymbol(run.status, ascii: r.ascii)
        let flag = switch r.flag {
        case .guarded: r.ascii ? " G" : " ⚠"
        case .watched: r.ascii ? " !" : " ⚑"
        case .none: ""
        }
        cell("\(symbol) \(Sanitizer.line(run.status.rawValue))\(flag)", c.status, Format.statusRole(run.status))
        cell(Sanitizer.line(run.prompt), c.prompt)
        cell(r.created, c.created, .dim, right: true)
        cell(r.duration, c.duration, run.status == .running ? .statusRunning : .normal, right: true)
        cell(r.tokens, c.tokens, right: true)
        switch r.tint {
        case .selected: g.paint(line, role: .selection)
        case .selectedInactive: g.paint(line, role: .selectionInactive)
        case .changed: g.paint(line, role: .changed)
        case .none: break
        }
    }
}
