import CaseDevAPI
import Foundation

/// Token usage: the selected run's, and totals over the loaded runs per agent and model.
enum UsageView {
    static func pane(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        g.box(r, role: .border, title: "Token usage")
        let inner = r.inner
        var y = inner.y
        let w = inner.width - 2
        func line(_ text: String, _ role: Role = .normal) {
            guard y < inner.maxY else { return }
            // Cut with an ellipsis, so a narrow pane does not show "93/100 runs kno".
            g.put(text.truncated(to: w), x: inner.x + 1, y: y, role: role, limit: w)
            y += 1
        }
        if let id = s.runList.selectedRunId, let usage = s.store.details(id)?.usage {
            line("Run \(Format.shortId(id))", .title)
            for (text, role) in runLines(usage, bars: g.glyphs.bars, width: w, compact: true) { line(text, role) }
        } else {
            line("Run: no usage yet", .dim)
        }
        y += 1
        let totals = s.currentUsageTotals.shown
        line("Totals · \(totals.known)/\(totals.runs) runs known", .title)
        line("\(Format.tokens(totals.tokens)) tokens · \(Format.cost(micros: totals.costMicros))")
        // Tokens over time: the known runs bucketed by creation time.
        let dated = totals.dated
        if let first = dated.map(\.at).min(), let last = dated.map(\.at).max(), w > 4 {
            let buckets = w
            let span = max(1, last.timeIntervalSince(first))
            var values = Array(repeating: 0.0, count: buckets)
            for d in dated { values[min(buckets - 1, Int(d.at.timeIntervalSince(first) / span * Double(buckets - 1)))] += Double(d.tokens) }
            line(Format.sparkline(values, bars: g.glyphs.bars), .chart)
        }
        y += 1
        for (text, role) in bars("By agent", totals.byAgent.map { ($0.name, $0.tokens) }, width: w, glyphs: g.glyphs) { line(text, role) }
        y += 1
        for (text, role) in bars("By model", totals.byModel.map { ($0.name, $0.tokens) }, width: w, glyphs: g.glyphs) { line(text, role) }
    }

    static func bars(_ title: String, _ rows: [(String, Int)], width: Int, glyphs g: Glyphs) -> [(String, Role)] {
        var out: [(String, Role)] = [(title, .title)]
        func line(_ text: String, _ role: Role) { out.append((text, role)) }
        let top = rows.first?.1 ?? 0
        let labelWidth = min(14, max(6, width / 2 - 2))
        let barWidth = max(1, width - labelWidth - 8)
        for (name, value) in rows.prefix(6) {
            let filled = top > 0 ? max(1, Int(Double(value) / Double(top) * Double(barWidth))) : 0
            let bar = String(repeating: g.bars.last!, count: filled)
            line(Sanitizer.line(name).padded(to: labelWidth) + " " + bar.padded(to: barWidth) + " " + Format.tokens(value).leftPadded(to: 6), .chart)
        }
        if rows.isEmpty { line("nothing known yet", .dim) }
        return out
    }

    /// The numbers of one run, and a sparkline of its tokens as it accrued them.
    static func runLines(_ usage: Usage?, bars: [String], width: Int, compact: Bool = false) -> [(String, Role)] {
        guard let u = usage else { return [("No usage yet.", .dim)] }
        var out: [(String, Role)] = []
        let cost = u.summary?.costMicros.map { Format.cost(micros: $0) } ?? "—"
        out.append(("\(Format.tokens(u.totalTokens)) tokens · \(cost)", .normal))
        out.append(("\(Format.tokens(u.inputTokens ?? 0)) in · \(Format.tokens(u.outputTokens ?? 0)) out", .normal))
        out.append(("\(u.toolCalls ?? 0) tool calls · \(Format.duration(Double(u.durationMs ?? 0) / 1000))", .normal))
        out.append(("model \(compact ? Format.model(u.model) : Sanitizer.line(u.model ?? "—"))", .dim))
        let entries = u.entries ?? []
        if !entries.isEmpty {
            var running = 0
            let series = entries.map { e -> Double in
                running = running.addingSaturating(max(0, e.totalTokens ?? 0))
                return Double(running)
            }
            let n = max(1, min(width, series.count))
            let sampled = (0..<n).map { series[min(series.count - 1, $0 * series.count / n)] }
            out.append((Format.sparkline(sampled, bars: bars), .chart))
        }
        if !compact {
            out.append(("", .normal))
            out.append(("TIME      KIND  SERVICE  MODEL                        TOKENS      COST", .columnHeader))
            for e in entries {
                let time = e.timestamp.map(Format.clock) ?? "--:--:--"
                let model = Sanitizer.line(e.model ?? "—").padded(to: 28)
                out.append(("\(time)  \(Sanitizer.line(e.kind ?? "?").padded(to: 4))  \(Sanitizer.line(e.service ?? "?").padded(to: 7))  \(model) "
                    + Format.count(e.totalTokens ?? 0).leftPadded(to: 7) + "  " + Format.cost(micros: e.costMicros ?? 0).leftPadded(to: 8), .normal))
            }
        }
        return out
    }
}
