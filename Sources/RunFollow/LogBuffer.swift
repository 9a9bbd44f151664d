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

    public init(stream: String, maxLines: Int = 10_000) {
        self.stream = stream
        self.maxLines = max(10, maxLines)
    }

    public var totalLines: Int { dropped + lines.count }

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
        var text = text
        return text.withUTF8 { bytes in
            let end = lastLineStart + lastLineLength
            // What was seen must still be there: the bytes before the last line, and the end of it.
            let extends = hasLines && bytes.count >= end
                && bytes[(lastLineStart - anchor.count)..<lastLineStart].elementsEqual(anchor)
                && bytes[(end - lastLineTail.count)..<end].elementsEqual(lastLineTail)
            if extends {
                let old = lines.removeLast()
                let base = totalLines
                split(bytes, from: lastLineStart)
                let count = totalLines - base
                if count == 1 && lines.last?.text == old.text { return .unchanged }
                return .appended(count - 1)
            }
            guard allowRewrite || !hasLines else { return .unchanged }
            let wasEmpty = !hasLines
            if !wasEmpty { rewrites += 1 }
            lines = []
            dropped = 0
            split(bytes, from: 0)
            hasLines = true
            return wasEmpty ? .appended(lines.count) : .rewritten
        }
    }

    /// Takes one whole line from the events stream.
    public mutating func append(line raw: String) {
        var raw = raw
        raw.withUTF8 { bytes in
            if hasLines, lastLineLength == 0, lines.last?.text.isEmpty == true {
                lines.removeLast()  // the text ended with a newline: this line fills the empty last one
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

    private mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) {
        var lineStart = start
        for i in start..<bytes.count where bytes[i] == 0x0A {
            let end = i > lineStart && bytes[i - 1] == 0x0D ? i - 1 : i
            push(LogLine(stream: stream, raw: String(decoding: bytes[lineStart..<end], as: UTF8.self), previousTime: lines.last?.sortTime))
            lineStart = i + 1
        }
        push(LogLine(stream: stream, raw: String(decoding: bytes[lineStart..<bytes.count], as: UTF8.self), previousTime: lines.last?.sortTime))
        lastLineStart = lineStart
        anchor = Array(bytes[max(0, lineStart - Self.anchorLength)..<lineStart])
        remember(lastLine: bytes[lineStart..<bytes.count])
    }

    private mutating func push(_ line: LogLine) {
        lines.append(line)
        if lines.count > maxLines {
            lines.removeFirst()
            dropped += 1
        }
    }
}
