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

    /// The items with an id above `after` (ids are positions, so the earlier ones are only
    /// counted: a stream polled every 100 ms over a 100,000-line run must not rebuild them all),
    /// the id of the last item, and whether the run has ended.
    static func items(_ p: EmulatorStore.Progress, after: Int = 0) -> (items: [Item], lastId: Int, terminal: Bool) {
        let run = p.run
        var items: [Item] = []
        var count = 0
        func add(_ name: String, _ at: Date, _ fields: @autoclosure () -> [String: JSONValue]) {
            count += 1
            guard count > after else { return }
            var o = fields()
            o["seq"] = .number(Double(count))
            o["type"] = .string(name)
            o["runId"] = .string(run.id)
            o["timestamp"] = .string(ISO8601.format(at))
            items.append(Item(id: count, name: name, data: .object(o)))
        }
        if let start = run.startedAt {
            add("status", start, ["status": .string("running"), "runtimeState": .string("running")])
            var (input, output, cost, toolCalls) = (0, 0, 0, 0)
            for t in p.visible {
                let at = start.addingTimeInterval(t.offset)
                switch t.event {
                case .log(let stream, let line):
                    add("log", at, ["stream": .string(stream), "line": .string(line)])
                case .step(let step):
                    if step.type == "tool_call" { toolCalls += 1 }
                    add("step", at, ["step": (try? JSONValue.reencodeEncodable(step)) ?? .null])
                case .llmCall(let e):
                    input += e.promptTokens ?? 0
                    output += e.completionTokens ?? 0
                    cost += e.costMicros ?? 0
                    // The running totals for clients that only keep headline figures, and the
                    // call itself for those that place calls on a timeline.
                    add("usage", at, ["usage": .object([
                        "inputTokens": .number(Double(input)),
                        "outputTokens": .number(Double(output)),
                        "totalTokens": .number(Double(input + output)),
                        "costMicros": .number(Double(cost)),
                        "toolCalls": .number(Double(toolCalls)),
                    ]), "entry": (try? JSONValue.reencodeEncodable(e)) ?? .null])
                }
            }
        }
        guard run.status.isTerminal else { return (items, count, false) }
        let end = run.completedAt ?? Date()
        let fields: [String: JSONValue] = ["status": .string(run.status.rawValue),
                                           "completedAt": .string(ISO8601.format(end)),
                                           "runtimeState": EmulatorStore.runtimeState(run).map(JSONValue.string) ?? .null]
        add("status", end, fields)
        add("done", end, fields)
        return (items, count, true)
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
