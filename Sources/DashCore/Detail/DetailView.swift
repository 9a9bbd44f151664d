import CaseDevAPI
import Foundation
import RunFollow

/// The selected run: logs per stream, steps, output, usage.
enum DetailView {
    static func pane(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        let focused = s.focus == .detail
        let run = s.selectedRun
        var title = "Run"
        if let run {
            title = "Run \(Format.shortId(run.id)) · \(Sanitizer.line(run.status.rawValue)) · \(s.agentList.name(run.agentId))"
        }
        g.box(r, role: focused ? .borderFocused : .border, title: title, titleRole: focused ? .titleFocused : .title)
        let inner = r.inner
        guard inner.height >= 2 else { return }
        guard let run else {
            g.put("Select a run to see its logs, steps, output and usage.", x: inner.x + 1, y: inner.y, role: .dim, limit: inner.width - 1)
            return
        }
        let follower = s.store.followers[run.id]
        tabs(&g, s, follower, Rect(x: inner.x, y: inner.y, width: inner.width, height: 1))
        var body = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        if let problem = detailsProblem(s, run.id) {
            g.put(problem, x: body.x + 1, y: body.y, role: .error, limit: body.width - 1)
            body = Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
        }
        if s.detail.tab == .logs, let follower, !follower.logs.isEmpty || follower.details != nil {
            LogsView.body(&g, s, follower, body)
            return
        }
        guard let details = follower?.details else {
            if !s.store.gone.contains(run.id) {
                g.put(run.status == .queued ? "Queued: loading…" : "loading details…", x: body.x + 1, y: body.y, role: .dim)
            }
            return
        }
        switch s.detail.tab {
        case .logs: break
        case .steps: WaterfallView.draw(&g, s, details, body)
        case .output: scrolled(&g, s, body, output(details, width: body.width - 2, watcher: s.store.watchers[run.id]))
        case .usage: scrolled(&g, s, body, UsageView.runLines(details.usage, bars: g.glyphs.bars, width: body.width - 2))
        }
    }

    /// Why the details are missing or old: the server no longer knows the run, or the last fetch failed.
    static func detailsProblem(_ s: DashState, _ runId: String) -> String? {
        if s.store.gone.contains(runId) { return "The server no longer knows this run (404); its details are not fetched again." }
        guard let error = s.store.detailsError[runId] else { return nil }
        let retry = s.poll.nextDetailsPoll.map { " · retrying in \(DashView.secondsUntil($0, from: s.now))s" } ?? ""
        return "Could not load the details: \(error)\(retry)"
    }

    /// Where the tab bar's pieces go: the detail tabs on the left, the log status on the right.
    /// The view draws from it and a click is matched against it, so both agree.
    struct TabBar {
        var tabs: [(label: String, tab: DetailTab, x: Int)]
        var right: [Segment]
        var rightX: Int

        /// What is at column `x`: a tab, or a log source.
        func target(at x: Int) -> ClickTarget? {
            if let t = tabs.first(where: { x >= $0.x && x < $0.x + DisplayWidth.of($0.label) }) { return .tab(t.tab) }
            var sx = rightX
            for seg in right {
                if x >= sx, x < sx + seg.width { return seg.click }
                sx += seg.width
            }
            return nil
        }
    }

    static func tabBar(_ s: DashState, _ follower: RunFollower?, _ r: Rect, glyphs: Glyphs) -> TabBar {
        var x = r.x
        var tabs: [(label: String, tab: DetailTab, x: Int)] = []
        for tab in DetailTab.allCases {
            let label = " \(tab.rawValue.capitalized) "
            tabs.append((label, tab, x))
            x += DisplayWidth.of(label) + 1
        }
        guard s.detail.tab == .logs, let follower else { return TabBar(tabs: tabs, right: [], rightX: r.maxX) }
        let right = Segment.fit(LogsView.status(s, follower, glyphs: glyphs), width: r.maxX - x - 1)
        let width = right.reduce(0) { $0 + $1.width }
        return TabBar(tabs: tabs, right: right, rightX: max(x + 1, r.maxX - width - 1))
    }

    static func tabs(_ g: inout Grid, _ s: DashState, _ follower: RunFollower?, _ r: Rect) {
        let bar = tabBar(s, follower, r, glyphs: g.glyphs)
        for t in bar.tabs { g.put(t.label, x: t.x, y: r.y, role: t.tab == s.detail.tab ? .tabActive : .tabInactive) }
        g.put(bar.right, x: bar.rightX, y: r.y, limit: r.maxX - bar.rightX)
    }

    static func scrolled(_ g: inout Grid, _ s: DashState, _ body: Rect, _ lines: [(String, Role)]) {
        let top = min(s.detail.scroll, max(0, lines.count - body.height))
        for (i, line) in lines.dropFirst(top).prefix(body.height).enumerated() {
            g.put(line.0, x: body.x + 1, y: body.y + i, role: line.1, limit: body.width - 2)
        }
        if lines.count > body.height {
            let mark = "\(top + 1)-\(min(lines.count, top + body.height))/\(lines.count)"
            g.put(mark, x: body.maxX - DisplayWidth.of(mark) - 1, y: body.maxY, role: .dim)
        }
    }

    static func steps(_ details: RunDetails, ascii: Bool) -> [(String, Role)] {
        let steps = details.steps
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

    static func output(_ d: RunDetails, width: Int, watcher: String? = nil) -> [(String, Role)] {
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
        if let watcher = d.callbackUrl ?? watcher { wrapped("Watcher: " + watcher, .dim) }
        var meta = "model \(d.model ?? "—") · provider \(d.provider ?? "—") · runtime \(d.runtimeState ?? "—")"
        if let wf = d.workflowId { meta += " · workflow \(wf)" }
        wrapped(meta, .dim)
        return out
    }
}
