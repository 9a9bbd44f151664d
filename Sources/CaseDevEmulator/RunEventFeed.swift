import CaseDevAPI
import Foundation

/// The SSE events of a run, derived from its progress: event n at time t is event n at any
/// later t, so a client resuming with `lastEventId` gets exactly what it missed.
struct RunEventFeed {
    struct Item: Sendable {
        var id: Int
        var name: String
        var data: JSONValue
    }

    static func items(_ p: EmulatorStore.Progress) -> (items: [Item], terminal: Bool) {
        let run = p.run
        var items: [Item] = []
        func add(_ name: String, _ at: Date, _ fields: [String: JSONValue]) {
            var o = fields
            o["seq"] = .number(Double(items.count + 1))
            o["type"] = .string(name)
            o["runId"] = .string(run.id)
            o["timestamp"] = .string(ISO8601.format(at))
            items.append(Item(id: items.count + 1, name: name, data: .object(o)))
        }
        if let start = run.startedAt {
            add("status", start, ["status": .string("running"), "runtimeState": .string("running")])
            var entries: [UsageEntry] = []
            for t in p.visible {
                let at = start.addingTimeInterval(t.offset)
                switch t.event {
                case .log(let stream, let line):
                    add("log", at, ["stream": .string(stream), "line": .string(line)])
                case .step(let step):
                    add("step", at, ["step": (try? JSONValue.reencodeEncodable(step)) ?? .null])
                case .llmCall(let e):
                    entries.append(e)
                    let u = EmulatorStore.usage(entries, model: run.model, toolCalls: 0, elapsed: t.offset)
                    add("usage", at, ["usage": .object([
                        "inputTokens": .number(Double(u.inputTokens ?? 0)),
                        "outputTokens": .number(Double(u.outputTokens ?? 0)),
                        "totalTokens": .number(Double(u.totalTokens)),
                        "costMicros": .number(Double(u.summary?.costMicros ?? 0)),
                    ])])
                }
            }
        }
        guard run.status.isTerminal else { return (items, false) }
        let end = run.completedAt ?? Date()
        let fields: [String: JSONValue] = ["status": .string(run.status.rawValue),
                                           "completedAt": .string(ISO8601.format(end)),
                                           "runtimeState": EmulatorStore.runtimeState(run).map(JSONValue.string) ?? .null]
        add("status", end, fields)
        add("done", end, fields)
        return (items, true)
    }

    static func frame(_ item: Item) -> String {
        "id: \(item.id)\nevent: \(item.name)\ndata: \(item.data.compactText)\n\n"
    }

    /// Heartbeats are real JSON events without an id: comment keep-alives break the Python and
    /// Go SDK decoders (see the API reference, section 5).
    static let heartbeat = "event: heartbeat\ndata: {\"type\":\"heartbeat\"}\n\n"
}

extension JSONValue {
    static func reencodeEncodable<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder.caseDev.encode(value))
    }
}
