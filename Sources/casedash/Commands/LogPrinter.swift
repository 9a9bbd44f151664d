import CaseDevAPI
import DashCore
import Foundation
import RunFollow

/// How log lines are printed: one stream, or every stream merged in time order with a stream
/// tag per line (coloured on a terminal), with or without their timestamps, or as JSON.
struct LogPrinter {
    enum Mode { case text, jsonl, jsonArray }

    /// One stream's lines only, untagged; nil merges every stream.
    var stream: String?
    var timestamps = false
    /// Lines older than this are left out (lines without a time go with the line before them).
    var since: Date?
    var mode: Mode = .text
    private var tagWidth = 6

    init(stream: String?, timestamps: Bool, since: Date?, mode: Mode) {
        self.stream = stream; self.timestamps = timestamps; self.since = since; self.mode = mode
    }

    struct JSONLine: Encodable {
        var stream: String
        var time: String?
        /// Sanitised, as the dashboard shows it.
        var line: String
    }

    func wanted(_ line: LogLine) -> Bool {
        guard let since else { return true }
        // Half a millisecond of slack: a stamp copied from a line (millisecond precision) and the
        // line's own time can differ in the last bits of a Double.
        return line.sortTime.map { $0.timeIntervalSince(since) >= -0.0005 } ?? false
    }

    /// The lines of `logs` this printer shows, in order (merged, or one stream).
    func lines(of logs: RunLogs) -> [LogLine] {
        let all = stream.map { Array(logs.streams[$0]?.lines ?? []) } ?? Array(logs.merged.lines)
        return all.filter(wanted)
    }

    /// The lines an update added, in time order across streams; each line once.
    func added(_ changes: LogChanges, in logs: RunLogs) -> [LogLine] {
        var new: [(line: LogLine, order: Int)] = []
        for name in LogStreams.ordered(changes.streams.keys) where stream == nil || stream == name {
            guard case .appended(let n)? = changes.streams[name], n > 0, let buffer = logs.streams[name] else { continue }
            for line in buffer.lines.suffix(n) { new.append((line, new.count)) }
        }
        new.sort { a, b in
            let ta = a.line.sortTime ?? .distantPast, tb = b.line.sortTime ?? .distantPast
            return ta != tb ? ta < tb : a.order < b.order
        }
        return new.map(\.line).filter(wanted)
    }

    mutating func render(_ lines: [LogLine], _ console: Console) throws -> String {
        switch mode {
        case .jsonl:
            return try JSONOutput.lines(lines.map(json))
        case .jsonArray:
            return try JSONOutput.document(lines.map(json))
        case .text:
            var out = ""
            for line in lines {
                let text = timestamps ? line.text : String(line.withoutStamp)
                if stream != nil { out += text + "\n"; continue }
                // Stream names come from the server too.
                let name = UntrustedText.line(line.stream)
                tagWidth = max(tagWidth, DisplayWidth.of(name))
                let tag = name + String(repeating: " ", count: max(0, tagWidth - DisplayWidth.of(name)))
                out += (console.color ? Self.color(line.stream).wrap(tag) : tag) + " " + text + "\n"
            }
            return out
        }
    }

    private func json(_ line: LogLine) -> JSONLine {
        JSONLine(stream: line.stream, time: line.time.map { ISO8601.format($0) }, line: line.text)
    }

    /// The dashboard's stream colours, as far as 16 colours go.
    static func color(_ stream: String) -> ANSIColor {
        switch stream {
        case "runner": .cyan
        case "linc": .magenta
        case "runtime": .yellow
        default: [ANSIColor.green, .blue, .red][Int(stream.unicodeScalars.reduce(0) { $0 &+ $1.value } % 3)]
        }
    }
}

