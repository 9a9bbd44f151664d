import DequeModule
import RunFollow

/// The lines the log pane shows: one stream or all of them merged (each line tagged with its
/// stream), with or without timestamps, and only the matching ones when filtered. Positions
/// count from the first line ever (dropped lines included) so they stay put as old lines go.
struct LogPage {
    var lines: Deque<LogLine>
    var dropped: Int
    var maxLines: Int
    /// Lines are tagged with their stream (the merged view), this wide.
    var tagWidth: Int?
    var stamps: Bool
    /// Changes when lines were reordered or replaced rather than appended: matches must be found again.
    var generation: Int

    var count: Int { lines.count }
    var total: Int { dropped + lines.count }

    static func make(_ logs: RunLogs, source: LogSource, stamps: Bool) -> LogPage? {
        switch source {
        case .all:
            guard !logs.isEmpty else { return nil }
            let width = min(8, logs.names.map { Sanitizer.line($0).count }.max() ?? 0)
            return LogPage(lines: logs.merged.lines, dropped: logs.merged.dropped, maxLines: logs.merged.maxLines,
                           tagWidth: width, stamps: stamps, generation: logs.merged.reorders)
        case .stream(let name):
            guard let b = logs.streams[name] else { return nil }
            return LogPage(lines: b.lines, dropped: b.dropped, maxLines: b.maxLines, tagWidth: nil, stamps: stamps,
                           generation: b.rewrites)
        }
    }

    /// Only the lines the search matched (positions are then counted in the filtered list).
    func filtered(_ index: MatchIndex) -> LogPage {
        var only = Deque<LogLine>()
        for n in index.matches where n >= dropped && n - dropped < lines.count { only.append(lines[n - dropped]) }
        return LogPage(lines: only, dropped: 0, maxLines: maxLines, tagWidth: tagWidth, stamps: stamps, generation: generation)
    }

    /// The stream tag of a line in the merged view ("" otherwise), padded to the tag width.
    func tag(_ line: LogLine) -> String {
        guard let tagWidth else { return "" }
        return Sanitizer.line(line.stream).padded(to: tagWidth, ellipsis: "") + " "
    }

    /// The line's text as drawn, without its tag.
    func body(_ line: LogLine) -> Substring { stamps ? Substring(line.text) : line.withoutStamp }

    /// The whole row text (tag and body): what wrapping and width measure.
    func text(_ i: Int) -> String { tag(lines[i]) + body(lines[i]) }
}
