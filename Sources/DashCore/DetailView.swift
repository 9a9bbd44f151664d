import CaseDevAPI
import Foundation

/// The selected run: logs per stream, steps, output, usage.
enum DetailView {
    static func pane(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        let focused = s.focus == .detail
        let run = s.selectedRun
        var title = "Run"
        if let run {
            title = "Run \(Dash.shortId(run.id)) · \(Sanitizer.line(run.status.rawValue)) · \(s.agentName(run.agentId))"
        }
        g.box(r, role: focused ? .borderFocused : .border, title: title, titleRole: focused ? .titleFocused : .title)
        let inner = r.inner
        guard inner.height >= 2 else { return }
        guard let run else {
            g.put("Select a run to see its logs, steps, output and usage.", x: inner.x + 1, y: inner.y, role: .dim, limit: inner.width - 1)
            return
        }
        let cache = s.caches[run.id]
        tabs(&g, s, cache, Rect(x: inner.x, y: inner.y, width: inner.width, height: 1))
        let body = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        guard let cache else {
            g.put(run.status == .queued ? "Queued: loading…" : "loading details…", x: body.x + 1, y: body.y, role: .dim)
            return
        }
        switch s.detailTab {
        case .logs: logs(&g, s, cache, body)
        case .steps: scrolled(&g, s, body, steps(cache, ascii: g.glyphs.isASCII))
        case .output: scrolled(&g, s, body, output(cache, width: body.width - 1))
        case .usage: scrolled(&g, s, body, UsageView.runLines(cache.details.usage, bars: g.glyphs.bars, width: body.width - 2))
        }
    }

    static func tabs(_ g: inout Grid, _ s: DashState, _ cache: RunCache?, _ r: Rect) {
        var x = r.x
        for tab in DetailTab.allCases {
            let label = " \(tab.rawValue.capitalized) "
            x += g.put(label, x: x, y: r.y, role: tab == s.detailTab ? .tabActive : .tabInactive)
            x += 1
        }
        guard s.detailTab == .logs, let cache else { return }
        let names = Dash.streams(cache)
        var right: [(String, Role)] = []
        if let stream = s.log.stream, let buffer = cache.logs[stream] {
            let i = (names.firstIndex(of: stream) ?? 0) + 1
            right.append(("\(Sanitizer.line(stream)) (\(i)/\(names.count))", stream == "runner" ? .logRunner : stream == "linc" ? .logLinc : .logOther))
            right.append(("  \(Format.count(buffer.totalLines)) lines", .dim))
        } else {
            right.append(("no logs yet", .dim))
        }
        let on = g.glyphs.isASCII ? "on" : "●", off = g.glyphs.isASCII ? "off" : "○"
        right.append(("  follow \(s.log.follow ? on : off)", s.log.follow ? .ok : .dim))
        right.append(("  wrap \(s.wrap ? on : off)", .dim))
        if !s.log.search.isEmpty { right.append(("  /\(Sanitizer.line(s.log.search))", .logMatch)) }
        // Least important first to go when the bar is narrow: the line count, then wrap.
        while right.count > 1, right.reduce(0, { $0 + DisplayWidth.of($1.0) }) > r.maxX - x - 1,
              let drop = right.firstIndex(where: { $0.0.hasSuffix(" lines") }) ?? right.firstIndex(where: { $0.0.contains("wrap") }) {
            right.remove(at: drop)
        }
        let width = right.reduce(0) { $0 + DisplayWidth.of($1.0) }
        var rx = max(x + 1, r.maxX - width - 1)
        for (text, role) in right { rx += g.put(text, x: rx, y: r.y, role: role, limit: r.maxX - rx) }
    }

    static func logs(_ g: inout Grid, _ s: DashState, _ cache: RunCache, _ body: Rect) {
        guard let stream = s.log.stream, let buffer = cache.logs[stream] else {
            let text = cache.details.status == .queued ? "Queued: no logs until the run starts (e executes it)." : "No log output yet."
            g.put(text, x: body.x + 1, y: body.y, role: .dim, limit: body.width - 1)
            return
        }
        var area = body
        if buffer.dropped > 0 {
            g.put("… \(Format.count(buffer.dropped)) earlier lines dropped (keeping the last \(Format.count(buffer.maxLines)))",
                  x: area.x + 1, y: area.y, role: .logMarker, limit: area.width - 1)
            area = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        }
        let width = area.width - 1
        let top = s.log.follow ? LogWindow.followTop(buffer.lines, height: area.height, width: width, wrap: s.wrap)
                               : LogView.visibleTop(s.log.top, dropped: buffer.dropped, count: buffer.lines.count)
        let rows = LogWindow.rows(buffer.lines, top: top, height: area.height, width: width, wrap: s.wrap)
        let needle = s.log.search.lowercased()
        for (i, row) in rows.enumerated() {
            let y = area.y + i
            g.put(row.text, x: area.x + 1, y: y, role: .normal, limit: width)
            if row.line + buffer.dropped == s.log.match { g.put(g.glyphs.isASCII ? ">" : "▸", x: area.x, y: y, role: .logMatch) }
            if !needle.isEmpty { highlight(&g, row.text, needle, x: area.x + 1, y: y, width: width) }
        }
        if !s.log.follow, s.log.newWhilePaused > 0 {
            let badge = " +\(Format.count(s.log.newWhilePaused)) new lines (G or f to follow) "
            g.put(badge, x: max(area.x, area.maxX - DisplayWidth.of(badge) - 1), y: area.maxY - 1, role: .flashInfo)
        }
    }

    /// Marks every occurrence of `needle` (lowercased) in a drawn row.
    static func highlight(_ g: inout Grid, _ text: String, _ needle: String, x: Int, y: Int, width: Int) {
        let chars = Array(text)
        let lower = chars.map { Character($0.lowercased()) }
        let n = Array(needle)
        guard n.count <= chars.count else { return }
        var col = 0
        var columns: [Int] = []
        for c in chars { columns.append(col); col += DisplayWidth.of(c) }
        var i = 0
        while i + n.count <= chars.count {
            if Array(lower[i..<i + n.count]) == n {
                let start = columns[i], end = i + n.count < columns.count ? columns[i + n.count] : col
                if start < width { g.paint(Rect(x: x + start, y: y, width: min(end, width) - start, height: 1), role: .logMatch) }
                i += n.count
            } else {
                i += 1
            }
        }
    }

    static func scrolled(_ g: inout Grid, _ s: DashState, _ body: Rect, _ lines: [(String, Role)]) {
        let top = min(s.detailScroll, max(0, lines.count - body.height))
        for (i, line) in lines.dropFirst(top).prefix(body.height).enumerated() {
            g.put(line.0, x: body.x + 1, y: body.y + i, role: line.1, limit: body.width - 2)
        }
        if lines.count > body.height {
            let mark = "\(top + 1)-\(min(lines.count, top + body.height))/\(lines.count)"
            g.put(mark, x: body.maxX - DisplayWidth.of(mark) - 1, y: body.maxY, role: .dim)
        }
    }

    static func steps(_ cache: RunCache, ascii: Bool) -> [(String, Role)] {
        let steps = cache.details.steps
        guard !steps.isEmpty else { return [("No steps yet.", .dim)] }
        return steps.map { step in
            let time = step.timestamp.map(Format.clock) ?? "--:--:--"
            let tool = Sanitizer.line(step.toolName ?? "")
            switch step.type {
            case "tool_call":
                return ("\(time)  call    \(tool)  \(Sanitizer.line(step.toolInput?.compactText ?? ""))", .normal)
            case "tool_result":
                let ms = step.durationMs.map { " (\(Format.duration(Double($0) / 1000)))" } ?? ""
                return ("\(time)  result  \(tool)\(ms)  \(ascii ? "->" : "→") \(Sanitizer.line(step.toolOutput?.compactText ?? ""))", .dim)
            case "thinking":
                return ("\(time)  think   \(Sanitizer.line(step.content ?? ""))", .logMarker)
            case "output":
                return ("\(time)  output  \(Sanitizer.line(step.content ?? ""))", .statusCompleted)
            default:
                return ("\(time)  \(Sanitizer.line(step.type))  \(Sanitizer.line(step.content ?? tool))", .normal)
            }
        }
    }

    static func output(_ cache: RunCache, width: Int) -> [(String, Role)] {
        let d = cache.details
        var out: [(String, Role)] = []
        func wrapped(_ text: String, _ role: Role) {
            for line in Sanitizer.lines(text) { for piece in LogWindow.wrap(line, width: max(10, width)) { out.append((piece, role)) } }
        }
        if let error = d.result?.error { out.append(("Error", .error)); wrapped(error, .error); out.append(("", .normal)) }
        if let output = d.result?.output { out.append(("Output", .title)); wrapped(output, .normal); out.append(("", .normal)) }
        if let f = d.result?.finalResponse {
            if let summary = f.summary { out.append(("Final response", .title)); wrapped(summary, .normal) }
            for issue in f.issues ?? [] where !issue.isEmpty { wrapped("! " + issue, .statusFailed) }
            if let ids = f.createdObjectIds, !ids.isEmpty { wrapped("created: " + ids.joined(separator: ", "), .dim) }
        }
        if out.isEmpty {
            out.append((d.status.isTerminal ? "This run produced no output." : "No output yet: it appears when the run ends.", .dim))
        }
        out.append(("", .normal))
        out.append(("Prompt", .title))
        wrapped(d.prompt, .dim)
        if let guidance = d.guidance { out.append(("Guidance", .title)); wrapped(guidance, .dim) }
        var meta = "model \(d.model ?? "—") · provider \(d.provider ?? "—") · runtime \(d.runtimeState ?? "—")"
        if let wf = d.workflowId { meta += " · workflow \(wf)" }
        wrapped(meta, .dim)
        return out
    }
}
