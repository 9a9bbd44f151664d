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
/// - `#loop` calls `bash` with `casedev vault list` once a second, over and over (a runaway loop);
///   without `#ok`, `#fail` or `#duration` it goes on like `#hang`.
/// - `#cost=N` makes the run's LLM calls add up to N US dollars over its whole life (with `#hang`
///   or `#loop`, by the 30-minute limit, so the cost keeps growing).
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
        var loop = false
        /// US dollars the whole run spends.
        var cost: Double?

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
                case ("loop", _): loop = true
                case ("cost", let v?):
                    if let n = Double(v.trimmingCharacters(in: CharacterSet(charactersIn: "$"))), n.isFinite, n >= 0 {
                        cost = min(n, 1_000_000)
                    }
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
        // A loop with no end of its own runs until cancelled or the sandbox limit.
        let outcome = d.outcome ?? (d.loop && d.duration == nil ? .hang : rng.chance(0.85) ? .completed : .failed)
        let duration = outcome == .hang ? 1_800 / speed : (d.duration.map { $0 / speed } ?? plannedDuration)
        return Plan(outcome: outcome, duration: duration, provider: d.provider ?? defaultProvider)
    }

    static func make(seed: UInt64, seq: Int, prompt: String, model: String, duration plannedDuration: TimeInterval,
                     speed: Double, provider defaultProvider: String, start: Date) -> RunScript {
        var rng = SeededRandom(seed: seed, stream: UInt64(seq) &+ 1)
        let d = Directives(prompt: prompt)
        let p = plan(&rng, d, duration: plannedDuration, speed: speed, provider: defaultProvider)
        let (outcome, duration, provider) = (p.outcome, p.duration, p.provider)
        let runtimeStream = provider == "vercel" ? "linc" : "runtime"
        let error = rng.pick(errors)
        var t = RunTimeline(start: start, duration: duration, seq: seq)
        let total = t.durationMs
        // One second of script time in real milliseconds (at least 10, so loops stay loops).
        let second = max(10, Int(1000 / speed))
        // The span of ordinary work: all of the run, but only its first minute or so when it
        // then hangs, and a short prelude before a loop.
        let work = d.loop ? second : outcome == .hang ? min(Int.random(in: 20...60, using: &rng) * second, total) : total
        func part(_ fraction: Double, of span: Int) -> Int { Int(Double(span) * fraction) }

        let boot = d.loop ? second / 2 : work / 20
        t.log(0, "runner", "[runner] booting \(provider == "vercel" ? "Vercel sandbox" : "Daytona workspace") (2 vCPU, 2048 MiB)")
        t.log(part(0.4, of: boot), runtimeStream, provider == "vercel"
            ? "linc 0.9.3 starting, workspace /workspace"
            : "agent server listening on http://0.0.0.0:4096...")
        t.log(part(0.8, of: boot), "runner", "[runner] \u{1B}[32m✓\u{1B}[0m casedev CLI authenticated (scoped key)")
        t.log(boot, "runner", "[runner] Sending prompt to agent...")

        if d.loop {
            loop(&t, &rng, model: model, from: second, to: outcome == .hang ? total : part(0.88, of: total),
                 period: second, runtimeStream: runtimeStream)
        } else {
            let toolCount = Int.random(in: 3...7, using: &rng)
            let slot = part(0.81 / Double(toolCount), of: work)
            let failingTool = outcome == .failed && error.hasPrefix("tool vault.search")
            for i in 0..<toolCount {
                let tool = failingTool && i == toolCount - 1 ? tools[1] : rng.pick(tools)
                iteration(&t, &rng, model: model, at: part(0.07, of: work) + slot * i, slot: slot, tool: tool,
                          context: i, failure: failingTool && i == toolCount - 1 ? "upstream timeout after 30s" : nil,
                          runtimeStream: runtimeStream)
            }
            if outcome == .hang { hang(&t, &rng, model: model, from: part(0.9, of: work), to: total, second: second) }
        }
        for i in 0..<d.extraLogs {
            let ms = part(0.1 + 0.8 * Double(i) / Double(max(d.extraLogs, 1)), of: total)
            t.log(ms, "runner", "[runner] progress \(i + 1)/\(d.extraLogs): scanned page \(i * 3 + 1)")
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
        switch outcome {
        case .completed:
            t.step("output", part(0.9, of: total), durationMs: part(0.07, of: total), content: output)
            t.llm(part(0.93, of: total), model: model, prompt: Int.random(in: 6_000...14_000, using: &rng),
                  completion: Int.random(in: 900...2_400, using: &rng), purpose: "answer")
            t.log(part(0.98, of: total), runtimeStream, "session idle, result ready")
            t.log(part(0.99, of: total), "runner", "[runner] run completed")
        case .failed:
            t.log(part(0.97, of: total), runtimeStream, "\u{1B}[31mERROR\u{1B}[0m \(error)")
            t.log(part(0.99, of: total), "runner", "[runner] run failed: \(error)")
        case .hang:
            break
        }
        let events = t.finish(totalMicros: d.cost.map { Int(($0 * 1_000_000).rounded()) })
        return RunScript(duration: duration, outcome: outcome, provider: provider, events: events, output: output,
                         summary: "Reviewed the documents and drafted a findings memo for: \(topic)",
                         error: error, issues: issues)
    }

    static let errors = ["sandbox exited with code 137 (out of memory)",
                         "tool vault.search failed: upstream timeout after 30s",
                         "model returned an invalid tool call 3 times; giving up"]

    /// Tools that call a model themselves (reranking, page summaries): their LLM calls fall
    /// inside the tool call's window and are billed at the cheaper helper model.
    static let toolsWithModel: Set<String> = ["vault.search", "legal-research.search", "webfetch"]

    /// One round of ordinary work inside `slot` ms from `start`: usually a thinking step holding
    /// the agent's LLM call (else the call sits between steps, as when the model answers with a
    /// bare tool call), sometimes a context compaction between steps, then the tool call and its
    /// result at exactly the call's timestamp plus its duration.
    private static func iteration(_ t: inout RunTimeline, _ rng: inout SeededRandom, model: String, at start: Int,
                                  slot: Int, tool: (String, JSONValue, String), context: Int, failure: String?,
                                  runtimeStream: String) {
        func part(_ fraction: Double) -> Int { start + Int(Double(slot) * fraction) }
        let (name, input, result) = tool
        let prompt = Int.random(in: 2_000...4_000, using: &rng) + context * Int.random(in: 900...1_800, using: &rng)
        let completion = Int.random(in: 80...600, using: &rng)
        if context == 0 || rng.chance(0.9) {
            t.step("thinking", start, durationMs: part(0.22) - start, content: rng.pick(thoughts))
            t.llm(part(Double.random(in: 0.04...0.18, using: &rng)), model: model, prompt: prompt, completion: completion,
                  purpose: "agent")
        } else {
            t.llm(part(0.1), model: model, prompt: prompt, completion: completion, purpose: "agent")
        }
        if context > 1, rng.chance(0.1) {
            t.llm(part(0.25), model: ModelPrice.helper(for: model), prompt: Int.random(in: 8_000...16_000, using: &rng),
                  completion: Int.random(in: 600...1_200, using: &rng), purpose: "context-compaction")
        }
        let call = part(0.28)
        let ms = failure == nil ? max(1, Int(Double(slot) * Double.random(in: 0.25...0.6, using: &rng))) : part(0.88) - call
        t.step("tool_call", call, durationMs: ms, tool: name, input: input)
        t.log(call, "runner", "[runner] tool_call \(name) \(input.compactText)")
        t.log(call + min(ms / 10, 50), runtimeStream, "tool \(name) started")
        if toolsWithModel.contains(name) {
            t.llm(call + Int(Double(ms) * Double.random(in: 0.2...0.8, using: &rng)), model: ModelPrice.helper(for: model),
                  prompt: Int.random(in: 1_500...6_000, using: &rng), completion: Int.random(in: 100...400, using: &rng),
                  purpose: "tool", tool: name)
        }
        let output: JSONValue = failure.map { .object(["error": .string($0)]) } ?? .string(result)
        t.step("tool_result", call + ms, durationMs: max(1, slot / 50), tool: name, output: output)
        t.log(call + ms, runtimeStream, failure.map { "tool \(name) failed: \($0)" } ?? "tool \(name) finished in \(ms)ms")
    }

    static let loopTool: (String, JSONValue, String) =
        ("bash", .object(["command": .string("casedev vault list")]), "{ \"vaults\": [\"vault_discovery\"] }")

    /// `#loop`: the agent never sees what it looks for and lists the vaults again, once a
    /// (script) second, with the same input and a steady token use.
    private static func loop(_ t: inout RunTimeline, _ rng: inout SeededRandom, model: String, from: Int, to end: Int,
                             period: Int, runtimeStream: String) {
        var start = from
        var n = 0
        while start + period <= end {
            func part(_ fraction: Double) -> Int { start + Int(Double(period) * fraction) }
            t.step("thinking", start, durationMs: part(0.3) - start,
                   content: n == 0 ? "List the vaults to find the contracts vault."
                                   : "vault_contracts is not in the list yet; list the vaults again.")
            t.llm(part(0.15), model: model, prompt: Int.random(in: 3_000...3_400, using: &rng),
                  completion: Int.random(in: 40...80, using: &rng), purpose: "agent")
            let call = part(0.35)
            let ms = max(1, Int(Double(period) * Double.random(in: 0.3...0.5, using: &rng)))
            t.step("tool_call", call, durationMs: ms, tool: loopTool.0, input: loopTool.1)
            t.log(call, "runner", "[runner] tool_call \(loopTool.0) \(loopTool.1.compactText)")
            t.step("tool_result", call + ms, durationMs: max(1, period / 50), tool: loopTool.0, output: .string(loopTool.2))
            t.log(call + ms, runtimeStream, "tool \(loopTool.0) finished in \(ms)ms")
            start += period
            n += 1
        }
    }

    /// `#hang` after the planned work: a sub-agent that never returns (its step has no
    /// duration) and keeps calling the model every twenty (script) seconds, so a hung run's
    /// cost keeps growing.
    private static func hang(_ t: inout RunTimeline, _ rng: inout SeededRandom, model: String, from start: Int, to end: Int,
                             second: Int) {
        t.step("tool_call", start, durationMs: nil, tool: "task",
               input: .object(["description": .string("Cross-check every citation"),
                               "prompt": .string("Verify each authority cited in the draft memo.")]))
        t.log(start, "runner", "[runner] tool_call task {\"description\":\"Cross-check every citation\"}")
        var at = start + 5 * second
        var waited = 0
        while at < end {
            t.llm(at, model: model, prompt: Int.random(in: 4_000...8_000, using: &rng),
                  completion: Int.random(in: 100...500, using: &rng), purpose: "subagent", tool: "task")
            waited += 20
            if waited % 60 == 0 { t.log(at, "runner", "[runner] still waiting on tool task (\(waited)s)") }
            at += 20 * second
        }
    }
}
