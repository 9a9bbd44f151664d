import CaseDevAPI
import Foundation

/// Places a run's events on whole milliseconds after its start. Timestamps are exact
/// milliseconds on the wire, so working in integers keeps a tool result's timestamp exactly its
/// call's plus `durationMs`, and an LLM call placed inside a step's window stays inside after
/// formatting.
struct RunTimeline {
    let start: Date
    let duration: TimeInterval
    let seq: Int
    private let startMs: Int64
    private(set) var events: [RunScript.Timed] = []
    private var stepNo = 0
    private var entryNo = 0

    init(start: Date, duration: TimeInterval, seq: Int) {
        self.start = start
        self.duration = duration
        self.seq = seq
        startMs = Int64((start.timeIntervalSince1970 * 1000).rounded(.down))
    }

    var durationMs: Int { Int(duration * 1000) }

    /// Half a millisecond in, so that flooring to milliseconds when formatting never lands on
    /// the one before through a rounding error of the Double.
    func date(_ ms: Int) -> Date { Date(timeIntervalSince1970: (Double(startMs + Int64(ms)) + 0.5) / 1000) }

    func stamp(_ ms: Int) -> String { ISO8601.format(date(ms)) }

    mutating func at(_ ms: Int, _ event: RunScript.Event) {
        let offset = min(max(date(ms).timeIntervalSince(start), 0), duration)
        events.append(RunScript.Timed(offset: offset, event: event))
    }

    mutating func log(_ ms: Int, _ stream: String, _ text: String) {
        at(ms, .log(stream: stream, line: "\(stamp(ms)) \(text)"))
    }

    mutating func step(_ type: String, _ ms: Int, durationMs: Int?, content: String? = nil, tool: String? = nil,
                       input: JSONValue? = nil, output: JSONValue? = nil) {
        stepNo += 1
        at(ms, .step(Step(id: String(format: "step_%03d", stepNo), type: type, content: content, toolName: tool,
                          toolInput: input, toolOutput: output, durationMs: durationMs, timestamp: date(ms))))
    }

    mutating func llm(_ ms: Int, model: String, prompt: Int, completion: Int, purpose: String, tool: String? = nil) {
        entryNo += 1
        var metadata: [String: JSONValue] = ["purpose": .string(purpose)]
        if let tool { metadata["tool"] = .string(tool) }
        at(ms, .llmCall(UsageEntry(id: "use_\(seq)_\(entryNo)", kind: "llm", service: "llm",
                                   endpoint: "/llm/v1/chat/completions", method: "POST", statusCode: 200,
                                   costMicros: ModelPrice.of(model).micros(prompt: prompt, completion: completion),
                                   promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion,
                                   model: model, timestamp: date(ms), metadata: .object(metadata))))
    }

    /// Sorts by time and, for `#cost=N`, rescales every entry's cost so they add up to exactly
    /// `totalMicros` (cumulative rounding: no entry drifts, none goes negative).
    mutating func finish(totalMicros: Int?) -> [RunScript.Timed] {
        events.sort { $0.offset < $1.offset }
        guard let totalMicros else { return events }
        var raw = 0
        for t in events { if case .llmCall(let e) = t.event { raw += e.costMicros ?? 0 } }
        guard raw > 0 else { return events }
        let factor = Double(totalMicros) / Double(raw)
        var rawSoFar = 0, paid = 0
        for i in events.indices {
            guard case .llmCall(var e) = events[i].event else { continue }
            rawSoFar += e.costMicros ?? 0
            let due = rawSoFar == raw ? totalMicros : Int((Double(rawSoFar) * factor).rounded())
            e.costMicros = due - paid
            paid = due
            events[i].event = .llmCall(e)
        }
        return events
    }
}
