import CaseDevAPI
import Foundation

/// What a simulated run does, decided up front from the seed, the run's number and its prompt,
/// so the same run always tells the same story. Events sit at offsets (seconds after start);
/// what a client sees at time t is every event with an offset up to t.
///
/// The prompt can script the outcome, for tests and demos:
/// - `#fail` ends the run `failed`; `#ok` ends it `completed` (otherwise ~85 % complete).
/// - `#duration=N` makes it last N seconds (before `--speed`).
/// - `#hang` keeps it running until it is cancelled (or hits the 30-minute sandbox limit).
/// - `#logs=N` adds N extra runner log lines (large-log tests).
/// - `#runtime=agent` / `#runtime=linc` picks the runtime (log streams runner+runtime / runner+linc).
struct RunScript: Sendable {
    enum Outcome: Sendable { case completed, failed, hang }

    enum Event: Sendable {
        case log(stream: String, line: String)
        case step(Step)
        case llmCall(UsageEntry)
    }

    struct Timed: Sendable {
        var offset: TimeInterval
        var event: Event
    }

    var duration: TimeInterval
    var outcome: Outcome
    var provider: String
    var events: [Timed]
    var output: String
    var summary: String
    var error: String
    var issues: [String]

    var streams: [String] { provider == "vercel" ? ["runner", "linc"] : ["runner", "runtime"] }

    /// Directives a prompt can carry (see the type's documentation).
    struct Directives: Sendable {
        var outcome: Outcome?
        var duration: TimeInterval?
        var extraLogs = 0
        var provider: String?

        init(prompt: String) {
            for word in prompt.split(whereSeparator: { $0.isWhitespace }) where word.hasPrefix("#") {
                let parts = word.dropFirst().split(separator: "=", maxSplits: 1).map(String.init)
                switch (parts.first ?? "", parts.count > 1 ? parts[1] : nil) {
                case ("fail", _): outcome = .failed
                case ("ok", _): outcome = .completed
                case ("hang", _): outcome = .hang
                case ("duration", let v?): duration = Double(v.trimmingCharacters(in: CharacterSet(charactersIn: "s")))
                case ("logs", let v?): extraLogs = min(Int(v) ?? 0, 500_000)
                case ("runtime", "agent"?): provider = "daytona"
                case ("runtime", "linc"?): provider = "vercel"
                default: break
                }
            }
        }
    }

    static let tools: [(String, JSONValue, String)] = [
        ("bash", .object(["command": .string("casedev vault list")]), "{ \"vaults\": [\"vault_discovery\", \"vault_contracts\"] }"),
        ("vault.search", .object(["query": .string("termination for convenience"), "vaultId": .string("vault_contracts")]), "14 matches in 6 documents"),
        ("read", .object(["path": .string("/workspace/docs/msa-2024.pdf")]), "Master Services Agreement, 38 pages"),
        ("grep", .object(["pattern": .string("indemnif"), "path": .string("/workspace/docs")]), "22 lines in 5 files"),
        ("legal-research.search", .object(["query": .string("at-will employment exceptions California")]), "9 authorities found"),
        ("webfetch", .object(["url": .string("https://www.courtlistener.com/opinion/4242/")]), "Opinion text, 12,408 words"),
        ("write", .object(["path": .string("/workspace/out/memo.md")]), "wrote 6,214 bytes"),
        ("todowrite", .object(["items": .array([.string("collect clauses"), .string("draft memo")])]), "2 items"),
    ]

    static let thoughts = [
        "The user wants the risky clauses first; start with indemnification and limitation of liability.",
        "Two documents disagree on the governing law; flag it as an issue rather than guess.",
        "Search results are noisy; narrow the query to executed agreements only.",
        "Enough material gathered; draft the memo and cite each source.",
    ]

    /// `plannedDuration` is in real seconds (already divided by the speed); `speed` scales the
    /// prompt's own `#duration` and the 30-minute limit of `#hang`.
    /// How a run will end, how long it takes and where it runs: cheap, decided without
    /// generating its events (the first draws of the same generator `make` continues).
    struct Plan: Sendable, Hashable {
        var outcome: Outcome
        var duration: TimeInterval
        var provider: String
    }

    static func plan(seed: UInt64, seq: Int, prompt: String, duration plannedDuration: TimeInterval, speed: Double,
                     provider defaultProvider: String) -> Plan {
        var rng = SeededRandom(seed: seed, stream: UInt64(seq) &+ 1)
        return plan(&rng, Directives(prompt: prompt), duration: plannedDuration, speed: speed, provider: defaultProvider)
    }

    private static func plan(_ rng: inout SeededRandom, _ d: Directives, duration plannedDuration: TimeInterval, speed: Double,
                             provider defaultProvider: String) -> Plan {
        let outcome = d.outcome ?? (rng.chance(0.85) ? .completed : .failed)
        let duration = d.outcome == .hang ? 1_800 / speed : (d.duration.map { $0 / speed } ?? plannedDuration)
        return Plan(outcome: outcome, duration: duration, provider: d.provider ?? defaultProvider)
    }

    static func make(seed: UInt64, seq: Int, prompt: String, model: String, duration plannedDuration: TimeInterval,
                     speed: Double, provider defaultProvider: String, start: Date) -> RunScript {
        var rng = SeededRandom(seed: seed, stream: UInt64(seq) &+ 1)
        let d = Directives(prompt: prompt)
        let p = plan(&rng, d, duration: plannedDuration, speed: speed, provider: defaultProvider)
        let (outcome, duration, provider) = (p.outcome, p.duration, p.provider)
        let runtimeStream = provider == "vercel" ? "linc" : "runtime"
        var events: [Timed] = []
        func at(_ fraction: Double, _ e: Event) { events.append(Timed(offset: duration * min(max(fraction, 0), 1), event: e)) }
        func stamp(_ fraction: Double) -> String { ISO8601.format(start.addingTimeInterval(duration * fraction)) }

        at(0.00, .log(stream: "runner", line: "\(stamp(0)) [runner] booting \(provider == "vercel" ? "Vercel sandbox" : "Daytona workspace") (2 vCPU, 2048 MiB)"))
        at(0.02, .log(stream: runtimeStream, line: provider == "vercel"
            ? "\(stamp(0.02)) linc 0.9.3 starting, workspace /workspace"
            : "\(stamp(0.02)) agent server listening on http://0.0.0.0:4096..."))
        at(0.04, .log(stream: "runner", line: "\(stamp(0.04)) [runner] \u{1B}[32m✓\u{1B}[0m casedev CLI authenticated (scoped key)"))
        at(0.05, .log(stream: "runner", line: "\(stamp(0.05)) [runner] Sending prompt to agent..."))

        let toolCount = Int.random(in: 3...7, using: &rng)
        var stepNo = 0
        var entryNo = 0
        func nextStep(_ type: String, _ fraction: Double, content: String? = nil, tool: String? = nil,
                      input: JSONValue? = nil, output: JSONValue? = nil, ms: Int? = nil) {
            stepNo += 1
            let step = Step(id: String(format: "step_%03d", stepNo), type: type, content: content, toolName: tool,
                            toolInput: input, toolOutput: output, durationMs: ms,
                            timestamp: start.addingTimeInterval(duration * fraction))
            at(fraction, .step(step))
        }
        func llm(_ fraction: Double, prompt: Int, completion: Int) {
            entryNo += 1
            let cost = prompt * 3 + completion * 15
            let entry = UsageEntry(id: "use_\(seq)_\(entryNo)", kind: "llm", service: "llm",
                                   endpoint: "/llm/v1/chat/completions", method: "POST", statusCode: 200,
                                   costMicros: cost, promptTokens: prompt, completionTokens: completion,
                                   totalTokens: prompt + completion, model: model,
                                   timestamp: start.addingTimeInterval(duration * fraction))
            at(fraction, .llmCall(entry))
        }

        let span = 0.85 / Double(toolCount + 1)
        for i in 0..<toolCount {
            let f = 0.07 + span * Double(i)
            let (name, input, result) = rng.pick(tools)
            if rng.chance(0.5) { nextStep("thinking", f, content: rng.pick(thoughts)) }
            llm(f, prompt: Int.random(in: 2_000...9_000, using: &rng), completion: Int.random(in: 80...600, using: &rng))
            let ms = Int.random(in: 300...4_000, using: &rng)
            nextStep("tool_call", f + span * 0.2, tool: name, input: input)
            at(f + span * 0.25, .log(stream: runtimeStream, line: "\(stamp(f + span * 0.25)) tool \(name) started"))
            at(f + span * 0.3, .log(stream: "runner", line: "\(stamp(f + span * 0.3)) [runner] tool_call \(name) \(input.compactText)"))
            nextStep("tool_result", f + span * 0.6, tool: name, output: .string(result), ms: ms)
            at(f + span * 0.65, .log(stream: runtimeStream, line: "\(stamp(f + span * 0.65)) tool \(name) finished in \(ms)ms"))
        }
        for i in 0..<d.extraLogs {
            let f = 0.1 + 0.8 * Double(i) / Double(max(d.extraLogs, 1))
            at(f, .log(stream: "runner", line: "\(stamp(f)) [runner] progress \(i + 1)/\(d.extraLogs): scanned page \(i * 3 + 1)"))
        }

        let topic = prompt.split(whereSeparator: { $0.isWhitespace }).filter { !$0.hasPrefix("#") }.prefix(8).joined(separator: " ")
        let issues = rng.chance(0.3) ? ["One exhibit was unreadable (scanned image without OCR)."] : []
        let output = """
            ## Findings

            Request: \(topic)

            1. Indemnification in §9.2 is uncapped for IP claims; recommend a cap at 12 months of fees.
            2. Termination for convenience requires 90 days' notice; the SOW says 30. Reconcile.
            3. Governing law differs between the MSA (New York) and the DPA (Delaware).

            Sources: msa-2024.pdf, dpa-2024.pdf, sow-07.pdf
            """
        let error = rng.pick(["sandbox exited with code 137 (out of memory)",
                              "tool vault.search failed: upstream timeout after 30s",
                              "model returned an invalid tool call 3 times; giving up"])
        if outcome == .completed {
            llm(0.93, prompt: Int.random(in: 6_000...14_000, using: &rng), completion: Int.random(in: 900...2_400, using: &rng))
            nextStep("output", 0.97, content: output)
            at(0.98, .log(stream: runtimeStream, line: "\(stamp(0.98)) session idle, result ready"))
            at(0.99, .log(stream: "runner", line: "\(stamp(0.99)) [runner] run completed"))
        } else if outcome == .failed {
            at(0.97, .log(stream: runtimeStream, line: "\(stamp(0.97)) \u{1B}[31mERROR\u{1B}[0m \(error)"))
            at(0.99, .log(stream: "runner", line: "\(stamp(0.99)) [runner] run failed: \(error)"))
        }
        events.sort { $0.offset < $1.offset }
        return RunScript(duration: duration, outcome: outcome, provider: provider, events: events, output: output,
                         summary: "Reviewed the documents and drafted a findings memo for: \(topic)",
                         error: error, issues: issues)
    }
}
