import CaseDevAPI
import DequeModule
import Foundation

/// The lines of every stream of a run in one list, in time order (stern's view of a pod): a
/// line goes after every line with an earlier or equal time, so lines without a time stay after
/// the line before them. Bounded like one stream.
public struct MergedLog: Sendable, Hashable {
    public let maxLines: Int
    public private(set) var lines = Deque<LogLine>()
    public private(set) var dropped = 0
    /// Times lines went anywhere but the end (or the list was rebuilt): positions shifted.
    public private(set) var reorders = 0

    public init(maxLines: Int) { self.maxLines = max(10, maxLines) }

    public var totalLines: Int { dropped + lines.count }

    mutating func insert(_ line: LogLine) {
        var i = lines.count
        if let t = line.sortTime {
            // New lines are nearly always the newest: the walk back is short.
            while i > 0, let prev = lines[i - 1].sortTime, prev > t { i -= 1 }
        }
        if i < lines.count { reorders += 1 }
        lines.insert(line, at: i)
        if lines.count > maxLines {
            lines.removeFirst()
            dropped += 1
        }
    }

    /// The last line of a stream grew in place (the server had not finished writing it).
    mutating func replaceGrown(_ line: LogLine) {
        guard let i = lines.lastIndex(where: { $0.stream == line.stream }), lines[i].text != line.text,
              line.text.hasPrefix(lines[i].text) else { return }
        lines[i] = line
    }

    /// Rebuilt from the streams, after one of them was rewritten.
    mutating func rebuild(_ streams: [LogBuffer]) {
        reorders += 1
        var all: [(line: LogLine, order: Int)] = []
        for buffer in streams { all += buffer.lines.map { ($0, all.count) } }
        for i in all.indices { all[i].order = i }
        all.sort { a, b in
            let ta = a.line.sortTime ?? .distantPast, tb = b.line.sortTime ?? .distantPast
            return ta != tb ? ta < tb : a.order < b.order
        }
        let kept = all.suffix(maxLines)
        lines = Deque(kept.map(\.line))
        dropped = streams.reduce(0) { $0 + $1.dropped } + all.count - kept.count
    }
}

/// What a batch of log input changed.
public struct LogChanges: Sendable, Hashable {
    public var streams: [String: LogBuffer.Change] = [:]
    /// Lines added to the merged view.
    public var merged = 0
    public var rewritten: Bool { streams.values.contains(.rewritten) }
    public init() {}

    /// Lines added to what a view shows: one stream, or all of them (nil).
    public func appended(in stream: String?) -> Int {
        guard let stream else { return merged }
        if case .appended(let n)? = streams[stream] { return n }
        return 0
    }
}

/// Every log stream of one run, and their merged view.
public struct RunLogs: Sendable, Hashable {
    public let maxLines: Int
    public private(set) var streams: [String: LogBuffer] = [:]
    public private(set) var merged: MergedLog

    public init(maxLines: Int) {
        self.maxLines = maxLines
        merged = MergedLog(maxLines: maxLines)
    }

    /// Stream names in display order.
    public var names: [String] { LogStreams.ordered(streams.keys) }

    public var isEmpty: Bool { streams.isEmpty }

    /// A stream needs its whole text on the next read (it was rewritten and only an end came).
    public var wantsWholeText: Bool { streams.values.contains { $0.wantsWholeText } }

    /// Where the next details read may start, by stream, and how many last lines a stream not
    /// seen yet needs: what a `LogsWanted` says.
    public var wanted: LogsWanted {
        LogsWanted(from: streams.mapValues(\.knownPrefix), lastLines: maxLines)
    }

    /// Takes the whole texts of a details answer.
    mutating func apply(_ texts: [String: String], allowRewrite: Bool) -> LogChanges {
        apply(texts.mapValues(LogText.init), allowRewrite: allowRewrite)
    }

    /// Takes the texts of a details answer (whole, or the ends a `LogsWanted` kept).
    /// `allowRewrite` false: text that is older than what the events stream already brought
    /// changes nothing.
    mutating func apply(_ texts: [String: LogText], allowRewrite: Bool) -> LogChanges {
        var changes = LogChanges()
        // In display order, so the merged view does not depend on the order of a dictionary.
        for stream in LogStreams.ordered(texts.keys) {
            guard let text = texts[stream] else { continue }
            var buffer = streams[stream] ?? LogBuffer(stream: stream, maxLines: maxLines)
            let change = buffer.update(text, allowRewrite: allowRewrite)
            streams[stream] = buffer
            changes.streams[stream] = change
            switch change {
            case .appended(let n):
                // The old last line was read again and may have grown.
                if buffer.lines.count > n { merged.replaceGrown(buffer.lines[buffer.lines.count - n - 1]) }
                for line in buffer.lines.suffix(n) { merged.insert(line) }
                changes.merged += n
            case .rewritten, .unchanged:
                break
            }
        }
        if changes.rewritten { merged.rebuild(names.compactMap { streams[$0] }) }
        return changes
    }

    /// Takes one line of the events stream.
    mutating func append(stream: String, line: String) -> LogChanges {
        var buffer = streams[stream] ?? LogBuffer(stream: stream, maxLines: maxLines)
        buffer.append(line: line)
        streams[stream] = buffer
        if let last = buffer.lines.last { merged.insert(last) }
        var changes = LogChanges()
        changes.streams[stream] = .appended(1)
        changes.merged = 1
        return changes
    }
}
