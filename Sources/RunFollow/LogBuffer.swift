import CaseDevAPI
import DequeModule
import Foundation

/// One log stream of one run, kept as sanitised lines. It grows two ways: polls bring the whole
/// text again (when it extends what was seen, only the new part is split and sanitised), and
/// the events stream brings single lines. Both keep the same record of the raw text seen (the
/// server joins lines with a newline), so switching between them neither loses nor repeats a
/// line. Memory is bounded: the oldest lines go first, and the count of dropped lines is kept
/// for a visible marker.
public struct LogBuffer: Sendable, Hashable {
    public let stream: String
    public let maxLines: Int
    /// A deque: dropping the oldest line is O(1), however long the log.
    public private(set) var lines = Deque<LogLine>()
    public private(set) var dropped = 0
    /// Times the text was rebuilt because it no longer extended what was seen.
    public private(set) var rewrites = 0
    private var hasLines = false
    /// UTF-8 offset in the raw text where the last (possibly still growing) line starts.
    private var lastLineStart = 0
    /// UTF-8 length of the last raw line, and its last bytes.
    private var lastLineLength = 0
    private var lastLineTail: [UInt8] = []
    /// Raw bytes just before `lastLineStart`, to check that new text extends the old.
    private var anchor: [UInt8] = []
    private static let anchorLength = 64
    /// A read kept only an end of the text, and the buffer needs all of it (see `update`).
    public private(set) var wantsWholeText = false
    /// The last line is the empty one after a text's final newline: it stands for the line
    /// being written, which the next line from the events stream fills. A blank line the events
    /// stream sent is a line of its own.
    private var openLastLine = false

    public init(stream: String, maxLines: Int = 10_000) {
        self.stream = stream
        self.maxLines = max(10, maxLines)
    }

    public var totalLines: Int { dropped + lines.count }

    /// Lines the text has completed: not counting an empty last line that only stands for a
    /// text ending in a newline (the next line from the events stream fills it). The events
    /// stream's line count is checked against this, so its next line is not taken for one the
    /// text already brought.
    public var completeLines: Int { totalLines - (openLastLine ? 1 : 0) }

    public enum Change: Sendable, Hashable {
        case unchanged
        /// New lines were added at the end (0 when only the last line grew).
        case appended(Int)
        /// The text no longer extends what was seen: the buffer was rebuilt.
        case rewritten
    }

    /// Takes the stream's full text as the server now has it. With `allowRewrite` false, text
    /// that does not extend what was seen (an older copy) changes nothing.
    @discardableResult
    public mutating func update(_ text: String, allowRewrite: Bool = true) -> Change {
        update(LogText(text), allowRewrite: allowRewrite)
    }

    /// Where the next read of this stream may start: what comes before is known here and only
    /// needs to be there (the check that new text extends the old reads from this offset on).
    public var knownPrefix: Int { hasLines && !wantsWholeText ? lastLineStart - anchor.count : 0 }

    /// Takes the end of the stream's text as a details read kept it (`LogText`), or the whole
    /// text. Text that extends what was seen adds its new lines. Text that does not is a
    /// rewrite: with `allowRewrite` false it changes nothing; otherwise the buffer is rebuilt
    /// from it, which takes the whole text (or, on a first read, its last lines): given only an
    /// end, the buffer asks for the whole text next time (`knownPrefix` 0) and changes nothing.
    @discardableResult
    public mutating func update(_ text: LogText, allowRewrite: Bool = true) -> Change {
        text.bytes.withUnsafeBufferPointer { kept in
            let base = text.start
            let end = lastLineStart + lastLineLength
            let anchorStart = lastLineStart - anchor.count
            // What was seen must still be there: the bytes before the last line, and the end of it.
            let extends = hasLines && anchorStart >= base && text.end >= end
                && kept[(anchorStart - base)..<(lastLineStart - base)].elementsEqual(anchor)
                && kept[(end - lastLineTail.count - base)..<(end - base)].elementsEqual(lastLineTail)
            if extends {
                let old = lines.removeLast()
                let before = totalLines
                split(kept, base: base, from: lastLineStart)
                let count = totalLines - before
                if count == 1 && lines.last?.text == old.text { return .unchanged }
                return .appended(count - 1)
            }
            guard allowRewrite || !hasLines else { return .unchanged }
            // An empty stream ("linc": "" while a run starts) has no lines yet, not one empty line.
            if text.end == 0 {
                guard hasLines else { return .unchanged }
                rewrites += 1
                lines = []
                dropped = 0
                hasLines = false
                lastLineStart = 0
                remember(lastLine: kept[0..<0])
                anchor = []
                wantsWholeText = false
                openLastLine = false
                return .rewritten
            }
            if hasLines && base > 0 {
                wantsWholeText = true
                return .unchanged
            }
            var first = base
            var skipped = text.linesBefore
            if !text.lineAligned {  // begins inside a line: the buffer starts with the next one
                guard let newline = kept.firstIndex(of: 0x0A) else { wantsWholeText = true; return .unchanged }
                first = base + newline + 1
                skipped += 1
            }
            let wasEmpty = !hasLines
            if !wasEmpty { rewrites += 1 }
            lines = []
            dropped = skipped
            wantsWholeText = false
            split(kept, base: base, from: first)
            hasLines = true
            return wasEmpty ? .appended(lines.count) : .rewritten
        }
    }

    /// Takes one whole line from the events stream.
    public mutating func append(line raw: String) {
        var raw = raw
        raw.withUTF8 { bytes in
            if openLastLine {
                lines.removeLast()  // the text ended with a newline: this line fills the empty last one
                openLastLine = false
            } else if hasLines {
                anchor = Array((anchor + lastLineTail + [0x0A]).suffix(Self.anchorLength))
                lastLineStart += lastLineLength + 1
            }
            hasLines = true
            remember(lastLine: bytes[...])
            push(LogLine(stream: stream, raw: String(decoding: bytes, as: UTF8.self), previousTime: lines.last?.sortTime))
        }
    }

    private mutating func remember(lastLine: Slice<UnsafeBufferPointer<UInt8>>) {
        lastLineLength = lastLine.count
        lastLineTail = Array(lastLine.suffix(Self.anchorLength))
    }

    /// Splits the text from offset `start` into lines; `bytes` is the text from offset `base` on.
    private mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, base: Int, from start: Int) {
        var lineStart = start - base
        for i in lineStart..<bytes.count where bytes[i] == 0x0A {
            let end = i > lineStart && bytes[i - 1] == 0x0D ? i - 1 : i
            push(LogLine(stream: stream, raw: String(decoding: bytes[lineStart..<end], as: UTF8.self), previousTime: lines.last?.sortTime))
            lineStart = i + 1
        }
        push(LogLine(stream: stream, raw: String(decoding: bytes[lineStart..<bytes.count], as: UTF8.self), previousTime: lines.last?.sortTime))
        lastLineStart = base + lineStart
        anchor = Array(bytes[max(0, lineStart - Self.anchorLength)..<lineStart])
        remember(lastLine: bytes[lineStart..<bytes.count])
        // An empty last piece of a text that is not empty follows a newline.
        openLastLine = lineStart == bytes.count
    }

    private mutating func push(_ line: LogLine) {
        lines.append(line)
        if lines.count > maxLines {
            lines.removeFirst()
            dropped += 1
        }
    }
}
