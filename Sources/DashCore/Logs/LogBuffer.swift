/// One log stream of one run, kept as sanitized lines. Polls bring the whole text again; when
/// it extends what was seen, only the new part is split and sanitized. Memory is bounded:
/// the oldest lines go first, and the count of dropped lines is kept for a visible marker.
public struct LogBuffer: Sendable, Hashable {
    public private(set) var lines: [String] = []
    public private(set) var dropped = 0
    /// UTF-8 offset in the raw text where the last (possibly still growing) line starts.
    private var lastLineStart = 0
    /// Raw bytes just before `lastLineStart`, to check that new text extends the old.
    private var anchor: [UInt8] = []
    private var hasLines = false
    public let maxLines: Int

    public init(maxLines: Int = 10_000) { self.maxLines = max(10, maxLines) }

    public var totalLines: Int { dropped + lines.count }

    public enum Change: Sendable, Hashable {
        case unchanged
        /// New lines were added at the end (0 when only the last line grew).
        case appended(Int)
        /// The text no longer extends what was seen: the buffer was rebuilt.
        case rewritten
    }

    /// Takes the stream's full text as the server now has it.
    @discardableResult
    public mutating func update(_ text: String) -> Change {
        var text = text
        return text.withUTF8 { bytes in
            let extends = hasLines && bytes.count >= lastLineStart
                && Array(bytes[(lastLineStart - anchor.count)..<lastLineStart]) == anchor
            if extends {
                let old = lines.removeLast()
                let base = totalLines
                append(bytes, from: lastLineStart)
                let count = totalLines - base
                if count == 1 && lines.last == old { return .unchanged }
                return .appended(count - 1)
            }
            let wasEmpty = !hasLines
            lines = []
            dropped = 0
            append(bytes, from: 0)
            hasLines = true
            return wasEmpty ? .appended(lines.count) : .rewritten
        }
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) {
        var lineStart = start
        var i = start
        while i < bytes.count {
            if bytes[i] == 0x0A {
                let end = i > lineStart && bytes[i - 1] == 0x0D ? i - 1 : i
                lines.append(Sanitizer.line(String(decoding: bytes[lineStart..<end], as: UTF8.self)))
                lineStart = i + 1
            }
            i += 1
        }
        lines.append(Sanitizer.line(String(decoding: bytes[lineStart..<bytes.count], as: UTF8.self)))
        lastLineStart = lineStart
        anchor = Array(bytes[max(0, lineStart - 64)..<lineStart])
        if lines.count > maxLines {
            let excess = lines.count - maxLines
            lines.removeFirst(excess)
            dropped += excess
        }
    }
}
