import Foundation

/// One Server-Sent Event as framed on the wire.
public struct SSEMessage: Sendable, Hashable {
    public var id: String?
    public var event: String?
    public var data: String
}

/// Incremental SSE framing (WHATWG rules): feed bytes as they arrive, get complete events.
/// Comment lines are ignored and a block with no `data` is not dispatched.
///
/// We keep our own parser rather than mattt/EventSource: 1.1.1 (the copy available here) does not
/// compile on Linux (`URLSession.bytes`), and its actor-based, byte-at-a-time parser breaks the SSE
/// rules in ways the log follower would notice: `Event.id` does not persist across blocks (so
/// `Last-Event-ID` resumes would replay), blocks with no data are still sent as events, empty
/// `data:` lines are dropped, and it is about 9× slower on a 1 MB stream (112 ms against 12.6 ms,
/// release build, 16 KiB chunks; measured 2026-11-24).
public struct SSEParser: Sendable {
    private var buffer: [UInt8] = []
    private var id: String?
    private var event: String?
    private var dataLines: [String] = []
    /// A chunk ended on CR: the line is already taken, and an LF opening the next chunk is its pair.
    private var skipLeadingLF = false
    private var sawFirstBytes = false

    public init() {}

    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEMessage] {
        buffer.append(contentsOf: bytes)
        if !sawFirstBytes {
            // A byte-order mark is allowed only at the very start of the stream.
            if buffer.count < 3, [0xEF, 0xBB, 0xBF].starts(with: buffer) { return [] }
            sawFirstBytes = true
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer.removeFirst(3) }
        }
        var out: [SSEMessage] = []
        var start = 0
        var i = 0
        if skipLeadingLF, let first = buffer.first {
            skipLeadingLF = false
            if first == 0x0A { start = 1; i = 1 }
        }
        while i < buffer.count {
            let b = buffer[i]
            if b == 0x0A || b == 0x0D {
                let line = String(decoding: buffer[start..<i], as: UTF8.self)
                // CRLF counts as one line end; a CR that ends the chunk is taken now (an event
                // ended by CR CR must not wait for more bytes) and a following LF skipped.
                if b == 0x0D, i + 1 < buffer.count, buffer[i + 1] == 0x0A { i += 1 }
                else if b == 0x0D, i + 1 == buffer.count { skipLeadingLF = true }
                if let message = take(line) { out.append(message) }
                start = i + 1
            }
            i += 1
        }
        buffer.removeFirst(start)
        return out
    }

    private mutating func take(_ line: String) -> SSEMessage? {
        if line.isEmpty {
            defer { event = nil; dataLines = [] }
            guard !dataLines.isEmpty else { return nil }
            return SSEMessage(id: id, event: event, data: dataLines.joined(separator: "\n"))
        }
        if line.hasPrefix(":") { return nil }
        let field: Substring, value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            var v = line[line.index(after: colon)...]
            if v.hasPrefix(" ") { v = v.dropFirst() }
            value = v
        } else {
            field = line[...]
            value = ""
        }
        switch field {
        case "data": dataLines.append(String(value))
        case "event": event = String(value)
        case "id" where !value.contains("\0"): id = String(value)
        default: break
        }
        return nil
    }
}

/// A run event from `GET /run/{id}/events`: a sequence number, a name and a JSON payload.
public struct RunEvent: Sendable, Hashable {
    public var id: Int?
    public var event: String
    public var data: JSONValue

    public init(id: Int?, event: String, data: JSONValue) {
        self.id = id; self.event = event; self.data = data
    }

    /// The payload's own `type` when present, else the SSE event name.
    public var type: String { data["type"]?.stringValue ?? event }

    /// The stream closes after this event.
    public var isTerminal: Bool { type == "done" }

    init(_ message: SSEMessage) {
        let payload = (try? JSONDecoder().decode(JSONValue.self, from: Data(message.data.utf8))) ?? .string(message.data)
        self.init(id: message.id.flatMap { Int($0) }, event: message.event ?? "message", data: payload)
    }
}
