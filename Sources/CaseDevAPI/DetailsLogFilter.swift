import DequeModule
import Foundation

/// Takes `result.logs` out of a run's details answer while it is read, so that a 100,000-line
/// log is never held whole: each stream's text is unescaped on the way and kept only from where
/// the `LogsWanted` says (`LogCollector`), and the rest of the answer (status, steps, usage,
/// output: small) is kept with `"logs":null` in place of the logs, for the ordinary decoder.
/// A state machine fed byte by byte (plain runs of a string at once), so an answer cut into
/// chunks anywhere reads the same as in one piece. Input that is not JSON passes through to
/// `rest` as it came, where the decoder rejects it.
struct DetailsLogFilter {
    let window: LogsWanted
    private(set) var rest: [UInt8] = []
    private(set) var collectors: [String: LogCollector] = [:]

    // Outside the logs object: where the reader is in the answer.
    private var stack: [UInt8] = []           // "{" or "[" per open container
    private var keys: [[UInt8]] = []          // per open container: its current key (objects)
    private var expectingKey: [Bool] = []
    private var inString = false
    private var escaped = false
    private var stringIsKey = false
    private var key: [UInt8] = []
    /// The logs' value comes next (after `"logs":` inside the top-level `"result"`).
    private var logsValueNext = false

    // Inside the logs object.
    private enum LogsState { case beforeKey, inKey, afterKey, beforeValue, inText, afterValue, skipping }
    private var logs: LogsState?
    private var logsKey: [UInt8] = []
    private var keyEscaped = false
    private var stream: String = ""
    /// The collector of the stream being read, out of `collectors` while its text is read (one
    /// struct mutated in place, not a dictionary entry looked up for every escape).
    private var current: LogCollector?
    /// What one escape unescapes to, reused.
    private var scratch: [UInt8] = []
    private var unescape = Unescaper()
    private var skip = ValueSkipper()

    init(_ window: LogsWanted) { self.window = window }

    mutating func feed(_ data: Data) {
        data.withUnsafeBytes { raw in feed(raw.bindMemory(to: UInt8.self)) }
    }

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        var i = 0
        while i < bytes.count {
            if logs != nil { i = logsStep(bytes, i) } else { outsideStep(bytes[i]); i += 1 }
        }
    }

    /// The answer without its logs, and the logs kept, by stream.
    func finish() -> (rest: Data, logs: [String: LogText]) {
        var all = collectors
        if let current { all[stream] = current }  // the answer ended inside a text
        return (Data(rest), all.mapValues { $0.text })
    }

    // MARK: Outside the logs

    private mutating func outsideStep(_ b: UInt8) {
        if inString {
            rest.append(b)
            if escaped { escaped = false; if stringIsKey { key.append(b) }; return }
            if b == 0x5C { escaped = true; if stringIsKey { key.append(b) }; return }
            if b == 0x22 {
                inString = false
                if stringIsKey, !keys.isEmpty { keys[keys.count - 1] = key; expectingKey[expectingKey.count - 1] = false }
                return
            }
            if stringIsKey, key.count < 32 { key.append(b) }
            return
        }
        if logsValueNext {
            if Self.isSpace(b) { rest.append(b); return }
            logsValueNext = false
            if b == 0x7B {
                rest.append(contentsOf: Array("null".utf8))
                logs = .beforeKey
                return
            }
        }
        rest.append(b)
        switch b {
        case 0x22:
            inString = true
            stringIsKey = stack.last == 0x7B && expectingKey.last == true
            key = []
        case 0x7B, 0x5B:
            stack.append(b); keys.append([]); expectingKey.append(b == 0x7B)
        case 0x7D, 0x5D:
            if !stack.isEmpty { stack.removeLast(); keys.removeLast(); expectingKey.removeLast() }
        case 0x2C:
            if stack.last == 0x7B { expectingKey[expectingKey.count - 1] = true }
        case 0x3A:
            if stack.count == 2, stack[0] == 0x7B, stack[1] == 0x7B,
               keys[0].elementsEqual("result".utf8), keys[1].elementsEqual("logs".utf8) {
                logsValueNext = true
            }
        default:
            break
        }
    }

    // MARK: Inside the logs

    /// One step inside the logs object; returns the index of the next unread byte.
    private mutating func logsStep(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        let b = bytes[start]
        switch logs! {
        case .beforeKey:
            if b == 0x22 { logs = .inKey; logsKey = []; keyEscaped = false }
            else if b == 0x7D { logs = nil }
        case .inKey:
            if keyEscaped { keyEscaped = false; logsKey.append(b) }
            else if b == 0x5C { keyEscaped = true; logsKey.append(b) }
            else if b == 0x22 { logs = .afterKey }
            else if logsKey.count < 4096 { logsKey.append(b) }
        case .afterKey:
            if b == 0x3A { logs = .beforeValue }
        case .beforeValue:
            if Self.isSpace(b) { break }
            if b == 0x22 {
                stream = Self.decodeKey(logsKey)
                if window.wanted {
                    let from = window.from[stream] ?? 0
                    current = collectors.removeValue(forKey: stream)
                        ?? LogCollector(from: from, lastLines: from == 0 ? window.lastLines : nil)
                }
                unescape = Unescaper()
                logs = .inText
            } else {
                skip = ValueSkipper()
                logs = .skipping
                return logsStep(bytes, start)
            }
        case .inText:
            if !unescape.inEscape {
                if b == 0x22 {
                    scratch.removeAll(keepingCapacity: true)
                    unescape.finish(into: &scratch)
                    keepScratch()
                    if let c = current { collectors[stream] = c }
                    current = nil
                    logs = .afterValue
                    return start + 1
                }
                // A plain run (no quote, no backslash) goes to the collector at once.
                if !unescape.pending {
                    var end = start
                    while end < bytes.count, bytes[end] != 0x22, bytes[end] != 0x5C { end += 1 }
                    if end > start {
                        current?.take(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                        return end
                    }
                }
            }
            scratch.removeAll(keepingCapacity: true)
            unescape.step(b, into: &scratch)
            keepScratch()
        case .afterValue:
            if b == 0x2C { logs = .beforeKey } else if b == 0x7D { logs = nil }
        case .skipping:
            switch skip.step(b) {
            case .inside: break
            case .ended: logs = .afterValue
            case .endedBefore: logs = .afterValue; return start  // the byte after a number or literal
            }
        }
        return start + 1
    }

    private mutating func keepScratch() {
        guard !scratch.isEmpty, current != nil else { return }
        scratch.withUnsafeBufferPointer { current?.take($0) }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    private static func decodeKey(_ raw: [UInt8]) -> String {
        guard raw.contains(0x5C) else { return String(decoding: raw, as: UTF8.self) }
        return (try? JSONDecoder().decode(String.self, from: Data([0x22] + raw + [0x22]))) ?? String(decoding: raw, as: UTF8.self)
    }
}

/// JSON string escapes, a byte at a time (an escape can be cut between two chunks).
struct Unescaper {
    private var state: State = .plain
    private var hex: UInt32 = 0
    private var digits = 0
    private var highSurrogate: UInt32?
    private enum State { case plain, escape, unicode }

    /// In the middle of an escape (or holding a high surrogate for its pair).
    var pending: Bool { state != .plain || highSurrogate != nil }
    var inEscape: Bool { state != .plain }

    /// The string ended.
    mutating func finish(into out: inout [UInt8]) {
        state = .plain
        flushSurrogate(&out)
    }

    mutating func step(_ b: UInt8, into out: inout [UInt8]) {
        switch state {
        case .plain:
            if b == 0x5C { state = .escape; return }
            flushSurrogate(&out)
            out.append(b)
        case .escape:
            state = .plain
            if b == 0x75 { state = .unicode; hex = 0; digits = 0; return }
            flushSurrogate(&out)
            switch b {
            case 0x6E: out.append(0x0A)
            case 0x74: out.append(0x09)
            case 0x72: out.append(0x0D)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            default: out.append(b)  // \" \\ \/ and anything a lenient reader passes through
            }
        case .unicode:
            guard let v = Self.hexValue(b) else { state = .plain; flushSurrogate(&out); out.append(b); return }
            hex = hex << 4 | v
            digits += 1
            guard digits == 4 else { return }
            state = .plain
            if (0xD800...0xDBFF).contains(hex) {
                flushSurrogate(&out)
                highSurrogate = hex
            } else if (0xDC00...0xDFFF).contains(hex) {
                if let high = highSurrogate {
                    highSurrogate = nil
                    Self.utf8(0x10000 + ((high - 0xD800) << 10) + (hex - 0xDC00), into: &out)
                } else {
                    Self.utf8(0xFFFD, into: &out)
                }
            } else {
                flushSurrogate(&out)
                Self.utf8(hex, into: &out)
            }
        }
    }

    /// A high surrogate with no pair after it is not a character.
    private mutating func flushSurrogate(_ out: inout [UInt8]) {
        if highSurrogate != nil { highSurrogate = nil; Self.utf8(0xFFFD, into: &out) }
    }

    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: UInt32(b - 0x30)
        case 0x41...0x46: UInt32(b - 0x41 + 10)
        case 0x61...0x66: UInt32(b - 0x61 + 10)
        default: nil
        }
    }

    static func utf8(_ v: UInt32, into out: inout [UInt8]) {
        let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }
}

/// Skips one JSON value that is not a string (an object, array, number or literal).
struct ValueSkipper {
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var started = false

    enum Step { case inside, ended, endedBefore }

    mutating func step(_ b: UInt8) -> Step {
        if inString {
            if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false; if depth == 0 { return .ended } }
            return .inside
        }
        switch b {
        case 0x22: inString = true
        case 0x7B, 0x5B: depth += 1
        case 0x7D, 0x5D:
            if depth == 0 { return .endedBefore }  // the logs object closes after a scalar
            depth -= 1
            if depth == 0 { return .ended }
        case 0x2C where depth == 0: return .endedBefore
        case 0x20, 0x0A, 0x0D, 0x09: if depth == 0 && started { return .endedBefore }
        default: break
        }
        started = true
        return .inside
    }
}

/// One log stream's text as it is read: bytes before `from` are only counted (their newlines
/// too), the rest is kept; kept from the start with `lastLines`, only the last that many lines
/// stay (a ring over the line starts).
struct LogCollector {
    let from: Int
    let lastLines: Int?
    private var offset = 0
    private var newlines = 0
    private var lastByte: UInt8 = 0x0A
    private var started = false
    private var kept: [UInt8] = []
    /// Text offset of `kept[0]`, and of the first kept byte still wanted (the ring moves it).
    private var keptStart = 0
    private var wantedStart = 0
    private var linesBefore = 0
    private var aligned = true
    /// Text offsets just after each newline in the kept bytes (ring only).
    private var breaks = Deque<Int>()

    init(from: Int, lastLines: Int?) {
        self.from = max(0, from)
        self.lastLines = lastLines.map { max(1, $0) }
    }

    mutating func take(_ span: UnsafeBufferPointer<UInt8>) {
        guard !span.isEmpty else { return }
        var i = 0
        if !started {
            let skip = min(span.count, from - offset)
            if skip > 0 {
                for b in span[0..<skip] where b == 0x0A { newlines += 1 }
                lastByte = span[skip - 1]
                offset += skip
                i = skip
            }
            guard i < span.count else { return }
            started = true
            keptStart = offset; wantedStart = offset
            linesBefore = newlines
            aligned = lastByte == 0x0A
        }
        let more = UnsafeBufferPointer(rebasing: span[i...])
        kept.append(contentsOf: more)
        guard let lastLines else { offset += more.count; return }
        for (j, b) in more.enumerated() where b == 0x0A { breaks.append(offset + j + 1) }
        offset += more.count
        // More than lastLines lines kept: the oldest go.
        while breaks.count >= lastLines {
            wantedStart = breaks.removeFirst()
            linesBefore += 1
            aligned = true
        }
        let unwanted = wantedStart - keptStart
        if unwanted > 1 << 16, unwanted > kept.count / 2 {
            kept.removeFirst(unwanted)
            keptStart = wantedStart
        }
    }

    var text: LogText {
        guard started else {  // the text ends before `from`
            return LogText(start: offset, linesBefore: newlines, lineAligned: lastByte == 0x0A, bytes: [])
        }
        return LogText(start: wantedStart, linesBefore: linesBefore, lineAligned: aligned,
                       bytes: Array(kept[(wantedStart - keptStart)...]))
    }
}
