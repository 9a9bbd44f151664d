import CaseDevAPI
import DashCore
import Foundation

/// One value of a table row: its text (from the server or not: it is sanitised either way) and
/// an optional colour for terminals.
struct Cell {
    var text: String
    var color: ANSIColor?
    init(_ text: String, _ color: ANSIColor? = nil) { self.text = UntrustedText.line(text); self.color = color }
}

/// SGR colours used on a terminal; never when piped or with NO_COLOR.
enum ANSIColor: Int {
    case red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36, grey = 90

    func wrap(_ text: String) -> String { "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" }

    static func of(_ status: RunStatus) -> ANSIColor? {
        switch status {
        case .queued: .yellow
        case .running: .blue
        case .completed: .green
        case .failed: .red
        case .cancelled: .grey
        case .other: nil
        }
    }
}

/// Rows as people and scripts want them: on a terminal an aligned table with a header, cut to
/// the terminal's width (the `flexible` column gives way first); piped, tab-separated rows with
/// no header (every tab inside a value was made a space by the sanitiser).
struct Table {
    var headers: [String]
    var rows: [[Cell]] = []
    /// The column that is shortened first when the table is too wide (a prompt, a description).
    var flexible: Int?
    /// Columns aligned to the right (numbers).
    var rightAligned: Set<Int> = []

    func render(_ console: Console) -> String {
        guard console.stdoutIsTerminal else {
            return rows.map { $0.map(\.text).joined(separator: "\t") + "\n" }.joined()
        }
        var widths = headers.map { DisplayWidth.of($0) }
        for row in rows { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(c.text)) } }
        let gaps = 2 * max(0, widths.count - 1)
        var excess = widths.reduce(0, +) + gaps - console.width
        if excess > 0, let f = flexible, f < widths.count {
            let cut = min(excess, max(0, widths[f] - max(8, DisplayWidth.of(headers[f]))))
            widths[f] -= cut
            excess -= cut
        }
        // Still too wide: the widest columns give way, down to 4 columns each.
        while excess > 0, let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 4 {
            widths[i] -= 1
            excess -= 1
        }
        var out = line(headers.map { Cell($0) }, widths, console, header: true)
        for row in rows { out += line(row, widths, console, header: false) }
        return out
    }

    private func line(_ cells: [Cell], _ widths: [Int], _ console: Console, header: Bool) -> String {
        var parts: [String] = []
        for (i, w) in widths.enumerated() {
            let cell = i < cells.count ? cells[i] : Cell("")
            let text = Self.fit(cell.text, w)
            let pad = String(repeating: " ", count: max(0, w - DisplayWidth.of(text)))
            let last = i == widths.count - 1
            var shown = rightAligned.contains(i) ? pad + text : text + (last ? "" : pad)
            if console.color, let color = header ? ANSIColor.grey : cell.color { shown = color.wrap(shown) }
            parts.append(shown)
        }
        return parts.joined(separator: "  ") + "\n"
    }

    /// `text` cut to `width` columns, with an ellipsis when it was cut.
    static func fit(_ text: String, _ width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var out = ""
        var used = 0
        for c in text {
            let w = DisplayWidth.of(c)
            if used + w > width - 1 { break }
            out.append(c)
            used += w
        }
        return out + "…"
    }
}

/// `Key: value` lines for one object (`agents get`, `runs get`); piped, the same with a tab.
struct Fields {
    var items: [(String, String)] = []
    mutating func add(_ key: String, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        items.append((key, value))
    }

    func render(_ console: Console) -> String {
        let width = items.map { DisplayWidth.of($0.0) }.max() ?? 0
        return items.map { key, value in
            let lines = UntrustedText.lines(value)
            if !console.stdoutIsTerminal { return "\(key)\t\(lines.joined(separator: " "))\n" }
            let label = key + ":" + String(repeating: " ", count: width - DisplayWidth.of(key) + 1)
            let indent = String(repeating: " ", count: width + 2)
            return lines.enumerated().map { i, l in (i == 0 ? (console.color ? ANSIColor.grey.wrap(label) : label) : indent) + l + "\n" }.joined()
        }.joined()
    }
}

/// JSON for `--json` (one document, indented) and `--jsonl` (one object per line): the
/// server's strings stay as they were, escaped by the encoder.
enum JSONOutput {
    static func document(_ value: some Encodable) throws -> String {
        let e = JSONEncoder.caseDev
        e.outputFormatting = [.withoutEscapingSlashes, .prettyPrinted, .sortedKeys]
        return String(decoding: try e.encode(value), as: UTF8.self) + "\n"
    }

    static func line(_ value: some Encodable) throws -> String {
        let e = JSONEncoder.caseDev
        e.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return String(decoding: try e.encode(value), as: UTF8.self) + "\n"
    }

    static func lines(_ values: some Sequence<some Encodable>) throws -> String {
        try values.map { try line($0) }.joined()
    }
}

enum Human {
    static func iso(_ d: Date?) -> String { d.map { ISO8601.format($0) } ?? "" }

    /// "12s ago", "5m ago", "3h ago", "2d ago" on a terminal; ISO-8601 when piped.
    static func when(_ d: Date?, _ console: Console, now: Date) -> String {
        guard let d else { return "" }
        guard console.stdoutIsTerminal else { return iso(d) }
        let s = max(0, Int(now.timeIntervalSince(d)))
        switch s {
        case ..<60: return "\(s)s ago"
        case ..<3_600: return "\(s / 60)m ago"
        case ..<86_400: return "\(s / 3_600)h ago"
        default: return "\(s / 86_400)d ago"
        }
    }

    static func duration(seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        if s < 60 { return "\(s)s" }
        if s < 3_600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3_600, s / 60 % 60)
    }

    /// A run's duration: ended minus started, or so far while it runs.
    static func runDuration(started: Date?, ended: Date?, now: Date, _ console: Console) -> String {
        guard let started else { return "" }
        let s = (ended ?? now).timeIntervalSince(started)
        return console.stdoutIsTerminal ? duration(seconds: s) : String(format: "%.1f", max(0, s))
    }

    static func tokens(_ n: Int, _ console: Console) -> String {
        guard console.stdoutIsTerminal else { return String(n) }
        if n >= 10_000_000 { return "\(n / 1_000_000)M" }
        if n >= 1_000_000 { return String(format: "%.1fM", Double(n) / 1_000_000) }
        if n >= 10_000 { return "\(n / 1_000)k" }
        if n >= 1_000 { return String(format: "%.1fk", Double(n) / 1_000) }
        return String(n)
    }

    static func cost(micros: Int) -> String { String(format: "$%.4f", Double(micros) / 1_000_000) }
}
