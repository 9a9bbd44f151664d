import CaseDevAPI
import Foundation

/// The dialogs of run insight: one step, two runs compared, every agent's health.
enum InsightViews {
    static func scrolledDialog(_ g: inout Grid, title: String, width: Int, lines: [(String, Role)], scroll: Int) {
        let r = Overlays.dialog(&g, width: width, height: g.size.rows - 4, title: title)
        let inner = r.inner
        let top = min(scroll, max(0, lines.count - inner.height))
        for (i, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            g.put(line.0, x: inner.x + 1, y: inner.y + i, role: line.1, limit: inner.width - 2)
        }
    }

    static func pretty(_ v: JSONValue?) -> [String] {
        guard let v else { return ["—"] }
        if case .string(let s) = v { return Sanitizer.lines(s) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(v) else { return [Sanitizer.line(v.compactText)] }
        return Sanitizer.lines(String(decoding: data, as: UTF8.self))
    }

    static func step(_ g: inout Grid, _ s: DashState, index: Int, scroll: Int) {
        guard let d = s.selectedFollower?.details, let row = StepWaterfall.build(d, now: s.now).rows.first(where: { $0.index == index }) else {
            scrolledDialog(&g, title: "Step", width: 100, lines: [("This step is no longer there.", .dim)], scroll: 0)
            return
        }
        let width = min(110, g.size.cols - 2) - 4
        var lines: [(String, Role)] = [("\(WaterfallView.label(row.step))", row.failed ? .statusFailed : .title),
            ("\(row.step.type) · starts \(WaterfallView.offset(row.start)) · \(WaterfallView.span(row.duration)) · "
             + "\(Format.tokens(row.tokens)) tokens · \(Format.cost(micros: row.costMicros))", .dim)]
        func section(_ title: String, _ text: [String], _ role: Role = .dialog) {
            lines.append(("", .dialog))
            lines.append((title, .titleFocused))
            for l in text { for p in LogWindow.wrap(l, width: width) { lines.append((p, role)) } }
        }
        if let content = row.step.content { section("Text", Sanitizer.lines(content)) }
        if row.step.toolInput != nil { section("Input", pretty(row.step.toolInput)) }
        if row.step.toolOutput != nil { section("Output", pretty(row.step.toolOutput), row.failed ? .error : .dialog) }
        let logs = InsightReducer.stepLines(s, row, d)
        section("Log lines in this step's time (\(logs.count)) · L shows them in the log view",
                logs.isEmpty ? ["none"] : logs.prefix(400).map { Sanitizer.line($0.stream).padded(to: 8, ellipsis: "") + " " + $0.text }, .dim)
        scrolledDialog(&g, title: "Step \(index + 1) · ↑/↓ scroll · L logs · Esc closes", width: 114, lines: lines, scroll: scroll)
    }

    static func diff(_ g: inout Grid, _ s: DashState, a: String, b: String, scroll: Int) {
        guard let da = s.store.details(a), let db = s.store.details(b) else {
            scrolledDialog(&g, title: "Compare runs", width: 100, lines: [("Loading the details of both runs…", .dim)], scroll: 0)
            return
        }
        let lines = RunDiff.make(da, db, now: s.now).lines { s.agentList.name($0) }
        scrolledDialog(&g, title: "A \(Format.shortId(a)) vs B \(Format.shortId(b)) · ↑/↓ scroll · Esc closes", width: 118, lines: lines,
                       scroll: scroll)
    }

    static func health(_ g: inout Grid, _ s: DashState, cursor: Int, sort: AgentHealth.Sort) {
        let table = AgentHealth.sorted(AgentHealth.table(s), by: sort)
        let wide = g.size.cols >= 120
        let r = Overlays.dialog(&g, width: 118, height: g.size.rows - 4,
                                title: wide ? "Agent health · sorted by \(sort.rawValue) · s sorts · Enter shows its runs · Esc closes"
                                            : "Agent health · by \(sort.rawValue) · s · Enter · Esc")
        let inner = r.inner
        // Every figure stays whole: on a narrow screen the columns tighten and the names give way.
        let w = wide ? (runs: 6, success: 9, failed: 8, p: 8, tokens: 12, cost: 10, last: 14)
                     : (runs: 5, success: 8, failed: 7, p: 7, tokens: 8, cost: 9, last: 10)
        let fixed = w.runs + w.success + w.failed + 2 * w.p + w.tokens + w.cost + w.last
        let nameWidth = max(8, min(24, inner.width - 2 - fixed))
        g.put("AGENT".padded(to: nameWidth) + "RUNS".leftPadded(to: w.runs) + "SUCCESS".leftPadded(to: w.success)
              + "FAILED".leftPadded(to: w.failed) + "P50".leftPadded(to: w.p) + "P95".leftPadded(to: w.p)
              + (wide ? "TOKENS/RUN" : "TOK/RUN").leftPadded(to: w.tokens) + "COST/RUN".leftPadded(to: w.cost)
              + (wide ? "LAST FAILURE" : "LAST FAIL").leftPadded(to: w.last), x: inner.x + 1, y: inner.y, role: .columnHeader, limit: inner.width - 2)
        for (i, h) in table.prefix(inner.height - 2).enumerated() {
            let y = inner.y + 1 + i
            let pct = h.successRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "—"
            let last = h.lastFailure.map { Format.age(s.now.timeIntervalSince($0)) + " ago" } ?? "—"
            let text = s.agentList.name(h.agentId).padded(to: nameWidth) + String(h.runs).leftPadded(to: w.runs) + pct.leftPadded(to: w.success)
                + String(h.failed).leftPadded(to: w.failed) + (h.p50.map(Format.duration) ?? "—").leftPadded(to: w.p)
                + (h.p95.map(Format.duration) ?? "—").leftPadded(to: w.p) + (h.medianTokens.map(Format.tokens) ?? "—").leftPadded(to: w.tokens)
                + (h.medianCostMicros.map { Format.cost(micros: $0) } ?? "—").leftPadded(to: w.cost) + last.leftPadded(to: w.last)
            g.put(text, x: inner.x + 1, y: y, role: h.worsening ? .statusFailed : .dialog, limit: inner.width - 2)
            if i == cursor { g.paint(Rect(x: inner.x, y: y, width: inner.width, height: 1), role: .selection) }
        }
        g.put("Over the runs loaded and the usage cache. Red: the last hour's success rate is 20 points below the agent's usual.",
              x: inner.x + 1, y: inner.maxY - 1, role: .dim, limit: inner.width - 2)
    }
}
