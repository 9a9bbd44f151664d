import Foundation

/// One Server-Sent Event as framed on the wire.
public struct SSEMessage: Sendable, Hashable {
    public var id: String?
    public var event: String?
    public var data: String
}

/// Incremental SSE framing (WHATWG rules): feed bytes as they arrive, get complete events.
/// Comment lines are ignored and a block with no `data` is not dispatched.
public struct SSEParser: Sendable {
    private var buffer: [UInt8] = []
    private var id: String?
    private var event: String?
    private var dataLines: [String] = []

    public init() {}

    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEMessage] {
        buffer.append(contentsOf: bytes)
        var out: [SSEMessage] = []
        var start = 0
        var i = 0
        while i < buffer.count {
            let b = buffer[i]
            if b == 0x0A || b == 0x0D {
                let line = String(decoding: buffer[start..<i], as: UTF8.self)
                // CRLF counts as one line end.
                if b == 0x0D, i + 1 < buffer.count, buffer[i + 1] == 0x0A { i += 1 }
                else if b == 0x0D, i + 1 == buffer.count { break }
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
