import CaseDevAPI
import Foundation

/// The steps tab as a waterfall: one row a step (what it was, when it started, how long, its
/// tokens and cost) with a bar on the run's time axis, and a footer that sums the run.
public enum WaterfallView {
    static func symbol(_ row: StepWaterfall.Row, ascii: Bool) -> (String, Role) {
        if row.failed { return (ascii ? "x" : "✗", .statusFailed) }
        switch row.step.type {
        case "thinking": return (ascii ? "?" : "◇", .logMarker)
        case "tool_call": return (ascii ? ">" : "▸", .normal)
        case "tool_result": return (ascii ? "<" : "◂", .dim)
        case "output": return (ascii ? "=" : "■", .statusCompleted)
        default: return ("·", .dim)
        }
    }

    /// What a row says the step was: the tool and its input, or the first words of its text.
    public static func label(_ step: Step) -> String {
        let text: String
        switch step.type {
        case "tool_call", "tool_result":
            text = (step.toolName ?? step.type) + " " + (step.type == "tool_call" ? step.toolInput?.compactText ?? "" : step.toolOutput?.compactText ?? "")
        default:
            text = step.content ?? step.type
        }
        return Sanitizer.line(text)
    }

    static func offset(_ t: TimeInterval) -> String {
        let s = Format.wholeSeconds(t)
        return s < 3600 ? String(format: "+%d:%02d", s / 60, s % 60) : String(format: "+%dh%02d", s / 3600, (s % 3600) / 60)
    }

    static func span(_ t: TimeInterval) -> String {
        t < 10 ? String(format: "%.1fs", max(0, t)) : Format.duration(t)
    }

    static func draw(_ g: inout Grid, _ s: DashState, _ d: RunDetails, _ body: Rect) {
        let w = StepWaterfall.build(d, now: s.now)
        guard !w.rows.isEmpty else {
            g.put("No steps yet.", x: body.x + 1, y: body.y, role: .dim)
            return
        }
        let rows = w.ordered(s.detail.stepOrder)
        let labelWidth = max(12, min(34, body.width / 4))
        let fixed = 2 + labelWidth + 1 + 7 + 1 + 6 + 1 + 6 + 1 + 7 + 2
        let barWidth = max(4, body.width - fixed - 2)
        let order = s.detail.stepOrder == .time ? "" : " · by \(s.detail.stepOrder.rawValue)"
        let header = "  " + "STEP\(order)".padded(to: labelWidth) + " " + "START".leftPadded(to: 7) + " " + "DUR".leftPadded(to: 6)
            + " " + "TOKENS".leftPadded(to: 6) + " " + "COST".leftPadded(to: 7) + "  " + "0 → \(span(w.span))".padded(to: barWidth)
        g.put(header, x: body.x + 1, y: body.y, role: .columnHeader, limit: body.width - 2)
        let list = Rect(x: body.x, y: body.y + 1, width: body.width, height: max(0, body.height - 2))
        let cursor = min(s.detail.stepCursor, rows.count - 1)
        let top = max(0, min(cursor - list.height + 1, rows.count - list.height, cursor))
        for (i, row) in rows.dropFirst(max(0, top)).prefix(list.height).enumerated() {
            let y = list.y + i
            let (sym, role) = symbol(row, ascii: g.glyphs.isASCII)
            var x = list.x + 1
            x += g.put(sym + " ", x: x, y: y, role: role)
            x += g.put(label(row.step).padded(to: labelWidth) + " ", x: x, y: y, role: row.failed ? .statusFailed : .normal)
            x += g.put(offset(row.start).leftPadded(to: 7) + " " + span(row.duration).leftPadded(to: 6) + " ", x: x, y: y, role: .dim)
            x += g.put((row.tokens > 0 ? Format.tokens(row.tokens) : "—").leftPadded(to: 6) + " ", x: x, y: y)
            x += g.put((row.costMicros > 0 ? Format.cost(micros: row.costMicros) : "—").leftPadded(to: 7) + "  ", x: x, y: y)
            let a = Int(row.start / w.span * Double(barWidth)), b = Int(((row.start + row.duration) / w.span * Double(barWidth)).rounded(.up))
            let from = min(max(0, a), barWidth - 1), cells = max(1, min(barWidth, b) - from)
            g.put(String(repeating: g.glyphs.isASCII ? "#" : "█", count: cells), x: x + from, y: y, role: row.failed ? .statusFailed : .chart)
            if top + i == cursor, s.focus == .detail {
                g.paint(Rect(x: list.x, y: y, width: list.width, height: 1), role: .selection)
            }
        }
        let missing = w.unattributedCostMicros > 0 ? " · \(Format.cost(micros: w.unattributedCostMicros)) not in any step" : ""
        let sums = "Σ \(Format.count(w.rows.count, "step")) · \(span(w.span)) · \(Format.tokens(w.tokens)) tokens · "
            + "\(Format.cost(micros: w.costMicros))\(missing)"
        // The figures always; the key hints only when they fit whole.
        let hints = " · Enter opens · s sorts · F first failure"
        let footer = DisplayWidth.of(sums + hints) <= body.width - 2 ? sums + hints : sums
        g.put(footer, x: body.x + 1, y: body.maxY - 1, role: .title, limit: body.width - 2)
    }
}
