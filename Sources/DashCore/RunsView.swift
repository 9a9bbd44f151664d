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

    static func title(_ s: DashState, shown: Int) -> String {
        var parts = ["Runs"]
        if let a = s.agentFilter { parts.append("agent: \(s.agentName(a))") }
        parts.append("status: \(s.statusFilter?.rawValue ?? "all")")
        if !s.textFilter.isEmpty { parts.append("filter: \"\(Sanitizer.line(s.textFilter))\"") }
        parts.append("sort: \(s.sort.rawValue)")
        parts.append(shown == s.runs.count ? "\(s.runs.count)\(s.hasMore ? "+" : "")" : "\(shown) of \(s.runs.count)\(s.hasMore ? "+" : "")")
        return parts.joined(separator: " · ")
    }

    static func pane(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        let focused = s.focus == .runs
        // Filtering and sorting once per frame: the title and the rows share the result.
        let visible = s.visibleRuns
        g.box(r, role: focused ? .borderFocused : .border, title: title(s, shown: visible.count),
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
            if !s.runsLoaded { text = s.connection.isFailing ? "cannot load runs: \(s.connection.lastError ?? "")" : "loading runs…" }
            else if !s.textFilter.isEmpty { text = "no run matches \"\(Sanitizer.line(s.textFilter))\" (Esc clears the filter)" }
            else { text = s.config.readonly ? "no runs" : "no runs yet: press n to create one" }
            g.put(text, x: body.x + 1, y: body.y, role: s.connection.isFailing && !s.runsLoaded ? .error : .dim, limit: body.width - 1)
            return
        }
        let start = min(s.runScroll, max(0, visible.count - 1))
        for (row, run) in visible[start..<min(visible.count, start + body.height)].enumerated() {
            let y = body.y + row
            var x = body.x
            func cell(_ text: String, _ width: Int, _ role: Role = .normal, right: Bool = false) {
                g.put(right ? text.leftPadded(to: width) : text.padded(to: width), x: x, y: y, role: role)
                x += width + 1
            }
            x += 1
            cell(Dash.shortId(run.id), c.id, .dim)
            if c.showAgent { cell(s.agentName(run.agentId), c.agent) }
            let symbol = Format.statusSymbol(run.status, ascii: g.glyphs.isASCII)
            cell("\(symbol) \(Sanitizer.line(run.status.rawValue))", c.status, Format.statusRole(run.status))
            cell(Sanitizer.line(run.prompt), c.prompt)
            cell(run.createdAt.map { Format.age(s.now.timeIntervalSince($0)) + " ago" } ?? "—", c.created, .dim, right: true)
            cell(s.duration(run).map(Format.duration) ?? "—", c.duration, run.status == .running ? .statusRunning : .normal, right: true)
            cell(s.tokens(run.id).map(Format.tokens) ?? "—", c.tokens, right: true)
            let line = Rect(x: inner.x, y: y, width: inner.width, height: 1)
            if run.id == s.selectedRunId {
                g.paint(line, role: focused ? .selection : .selectionInactive)
            } else if let changed = s.changedAt[run.id], s.now.timeIntervalSince(changed) < Dash.changeHighlight {
                g.paint(line, role: .changed)
            }
        }
        if s.hasMore, start + body.height >= visible.count {
            let more = s.inFlight.contains(.moreRuns) ? " loading more… " : " ↓ more "
            g.put(more, x: r.maxX - DisplayWidth.of(more) - 2, y: r.maxY - 1, role: .dim)
        }
    }
}
