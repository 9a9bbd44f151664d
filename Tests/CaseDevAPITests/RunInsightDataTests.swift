import CaseDevAPI
import Foundation
import Testing

/// The emulator's steps and usage entries are what the waterfall, the run diff, the health table
/// and the guards are built and demonstrated on: they must line up the way real runs do.
@Suite struct RunInsightDataTests {
    /// The step whose window `[timestamp, timestamp + durationMs]` holds `date`; a step without
    /// a duration is still going, so its window runs to the end of the run.
    static func step(holding date: Date, in steps: [Step], runEnd: Date) -> Step? {
        steps.first { s in
            guard let t = s.timestamp else { return false }
            let end = s.durationMs.map { t.addingTimeInterval(Double($0) / 1000) } ?? runEnd
            return t <= date && date <= end
        }
    }

    static func purpose(_ e: UsageEntry) -> String? { e.metadata?["purpose"]?.stringValue }

    static func finished(_ h: Harness, prompt: String, agent: Agent? = nil) async throws -> RunDetails {
        let a: Agent
        if let agent { a = agent } else { a = try await h.agent() }
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: prompt))
        _ = try await h.client.execRun(run.id)
        _ = try await h.waitUntilFinished(run.id, seconds: 30)
        return try await h.client.runDetails(run.id)
    }

    /// Polls the details until `ready` holds (bounded): nothing here asserts on elapsed time.
    static func details(_ h: Harness, _ id: String, until ready: (RunDetails) -> Bool) async throws -> RunDetails {
        let deadline = Date().addingTimeInterval(20)
        while true {
            let d = try await h.client.runDetails(id)
            if ready(d) || Date() > deadline { return d }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test func toolResultsEndTheirCallsAndUsageAddsUp() async throws {
        let h = try await Harness.start(speed: 20)
        defer { Task { await h.emulator.stop() } }
        let d = try await Self.finished(h, prompt: "Review the MSA #ok #duration=20")
        let start = try #require(d.startedAt), end = try #require(d.completedAt)
        #expect(d.steps.count >= 7 && d.steps.last?.type == "output")
        for (i, s) in d.steps.enumerated() {
            let t = try #require(s.timestamp, "\(s.id) has a timestamp")
            let ms = try #require(s.durationMs, "\(s.id) has a duration")
            #expect(t >= start && t.addingTimeInterval(Double(ms) / 1000) <= end, "\(s.id) lies inside the run")
            if i > 0, let before = d.steps[i - 1].timestamp { #expect(before <= t, "steps are in time order") }
            guard s.type == "tool_call" else { continue }
            let result = try #require(d.steps[(i + 1)...].first { $0.type == "tool_result" }, "\(s.id) has a result")
            #expect(result.toolName == s.toolName && s.toolInput != nil)
            let after = try #require(result.timestamp).timeIntervalSince(t)
            #expect(Int((after * 1000).rounded()) == ms, "the result comes exactly durationMs after its call")
        }
        let usage = try #require(d.usage)
        let entries = try #require(usage.entries)
        #expect(entries.count >= 4)
        #expect(entries.allSatisfy { $0.kind == "llm" && $0.model != nil && $0.timestamp != nil && ($0.costMicros ?? 0) > 0 })
        #expect(entries.allSatisfy { $0.totalTokens == ($0.promptTokens ?? 0) + ($0.completionTokens ?? 0) })
        let summary = try #require(usage.summary)
        #expect(summary.costMicros == entries.reduce(0) { $0 + ($1.costMicros ?? 0) })
        #expect(summary.totalInputTokens == entries.reduce(0) { $0 + ($1.promptTokens ?? 0) })
        #expect(summary.totalOutputTokens == entries.reduce(0) { $0 + ($1.completionTokens ?? 0) })
        #expect(summary.totalTokens == (summary.totalInputTokens ?? 0) + (summary.totalOutputTokens ?? 0))
        #expect(usage.inputTokens == summary.totalInputTokens && usage.outputTokens == summary.totalOutputTokens)
        #expect(usage.toolCalls == d.steps.filter { $0.type == "tool_call" }.count)
        // The final answer's call sits inside the output step.
        let answer = try #require(entries.last { Self.purpose($0) == "answer" })
        #expect(Self.step(holding: answer.timestamp!, in: d.steps, runEnd: end)?.type == "output")
    }

    @Test func callsFallInsideStepsExceptTheDeliberateFew() async throws {
        let h = try await Harness.start(speed: 20, demo: true, demoRuns: 60)
        defer { Task { await h.emulator.stop() } }
        let finished = try await h.client.allRuns().filter { $0.status == .completed || $0.status == .failed }
        var inside = 0, outside = 0
        var models: Set<String> = []
        for r in finished.prefix(40) {
            let d = try await h.client.runDetails(r.id)
            let end = try #require(d.completedAt)
            for e in d.usage?.entries ?? [] {
                models.insert(e.model ?? "")
                let t = try #require(e.timestamp)
                if let s = Self.step(holding: t, in: d.steps, runEnd: end) {
                    inside += 1
                    // A tool's own model call sits in that tool's call, the agent's in its thinking.
                    switch Self.purpose(e) {
                    case "tool": #expect(s.type == "tool_call" && s.toolName == e.metadata?["tool"]?.stringValue)
                    case "agent": #expect(s.type == "thinking")
                    case "answer": #expect(s.type == "output")
                    case "subagent": #expect(s.type == "tool_call" && s.toolName == "task" && s.durationMs == nil)
                    default: Issue.record("a \(Self.purpose(e) ?? "nil") call inside \(s.id) of \(r.id)")
                    }
                } else {
                    outside += 1
                    // Only the agent's bare tool calls and context compactions fall between steps.
                    #expect(["agent", "context-compaction"].contains(Self.purpose(e)), "\(e.id ?? "") of \(r.id)")
                }
            }
        }
        #expect(outside > 0, "some cost is not attributed to a step")
        #expect(Double(outside) < Double(inside + outside) * 0.15, "\(outside) of \(inside + outside) outside every step")
        #expect(models.isSuperset(of: ["anthropic/claude-sonnet-4.6", "anthropic/claude-haiku-4.5", "anthropic/claude-opus-4.1",
                                       "openai/gpt-5-mini"]), "\(models)")
    }

    @Test func loopCallsTheSameToolWithTheSameInputUntilCancelled() async throws {
        let h = try await Harness.start(speed: 20)
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "Find the MSA #loop"))
        _ = try await h.client.execRun(run.id)
        let d = try await Self.details(h, run.id) { $0.steps.filter { $0.type == "tool_call" }.count >= 12 }
        #expect(d.status == .running)
        let calls = d.steps.filter { $0.type == "tool_call" }
        #expect(calls.count >= 12)
        #expect(calls.allSatisfy { $0.toolName == "bash" && $0.toolInput == .object(["command": .string("casedev vault list")]) })
        // One call a (script) second: 50 ms apart at speed 20, with the same tokens each time.
        let gaps = zip(calls, calls.dropFirst()).map { Int(($1.timestamp!.timeIntervalSince($0.timestamp!) * 1000).rounded()) }
        #expect(gaps.allSatisfy { $0 == 50 }, "\(gaps)")
        let prompts = (d.usage?.entries ?? []).compactMap(\.promptTokens)
        #expect(prompts.count >= 12 && prompts.allSatisfy { (3_000...3_400).contains($0) })
        _ = try await h.client.cancelRun(run.id)
        let cancelled = try await h.client.runDetails(run.id)
        try await Task.sleep(for: .milliseconds(300))
        let later = try await h.client.runDetails(run.id)
        #expect(cancelled.status == .cancelled && later.steps.count == cancelled.steps.count)
        #expect(later.usage?.summary?.costMicros == cancelled.usage?.summary?.costMicros)
    }

    @Test func loopWithAnEndOfItsOwnFinishesWithAnAnswer() async throws {
        let h = try await Harness.start(speed: 20)
        defer { Task { await h.emulator.stop() } }
        let d = try await Self.finished(h, prompt: "Find the MSA #loop #ok #duration=20")
        #expect(d.status == .completed && d.steps.last?.type == "output")
        #expect(d.steps.filter { $0.type == "tool_call" && $0.toolName == "bash" }.count >= 15)
    }

    @Test func costDirectiveSpendsThatManyDollars() async throws {
        let h = try await Harness.start(speed: 20)
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        let ok = try await Self.finished(h, prompt: "Review #ok #cost=12 #duration=20", agent: a)
        #expect(ok.usage?.summary?.costMicros == 12_000_000)
        #expect(ok.usage?.entries?.allSatisfy { ($0.costMicros ?? -1) >= 0 } == true)
        #expect(ok.usage?.entries?.reduce(0) { $0 + ($1.costMicros ?? 0) } == 12_000_000)
        let failed = try await Self.finished(h, prompt: "Review #fail #cost=2.5 #duration=20", agent: a)
        #expect(failed.status == .failed && failed.usage?.summary?.costMicros == 2_500_000)
    }

    @Test func hungRunWithACostKeepsSpendingUntilTheSandboxLimit() async throws {
        // At speed 600 the 30-minute sandbox limit is 3 s.
        let h = try await Harness.start(speed: 600)
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "Research #hang #cost=5"))
        _ = try await h.client.execRun(run.id)
        var costs: [Int] = []
        var d = try await h.client.runDetails(run.id)
        while d.status == .running {
            costs.append(d.usage?.summary?.costMicros ?? 0)
            try await Task.sleep(for: .milliseconds(100))
            d = try await h.client.runDetails(run.id)
        }
        #expect(d.status == .failed && d.result?.error == "sandbox timeout after 30 minutes")
        #expect(costs == costs.sorted() && Set(costs).count >= 5, "\(costs)")
        #expect(d.usage?.summary?.costMicros == 5_000_000)
        // The hung step never returns: it has no duration, and the sub-agent's calls fall in it.
        let open = try #require(d.steps.last)
        #expect(open.type == "tool_call" && open.toolName == "task" && open.durationMs == nil)
        let sub = (d.usage?.entries ?? []).filter { Self.purpose($0) == "subagent" }
        #expect(sub.count >= 5 && sub.allSatisfy { $0.timestamp! >= open.timestamp! })
    }

    @Test func theSameSeedTellsTheSameStory() async throws {
        func story(seed: UInt64) async throws -> [String] {
            let h = try await Harness.start(speed: 20, seed: seed)
            defer { Task { await h.emulator.stop() } }
            let d = try await Self.finished(h, prompt: "Compare the vendor agreements #duration=20 #cost=3")
            let start = try #require(d.startedAt)
            func ms(_ t: Date?) -> Int { Int(((t ?? start).timeIntervalSince(start) * 1000).rounded()) }
            let steps = d.steps.map { s in
                "\(s.id) \(s.type) +\(ms(s.timestamp)) \(s.durationMs ?? -1) \(s.toolName ?? "") \(s.toolInput?.compactText ?? "") "
                    + "\(s.toolOutput?.compactText ?? "") \(s.content ?? "")"
            }
            let entries = (d.usage?.entries ?? []).map { e in
                "\(e.id ?? "") \(e.model ?? "") +\(ms(e.timestamp)) \(e.promptTokens ?? 0) \(e.completionTokens ?? 0) \(e.costMicros ?? 0)"
            }
            return [d.status.rawValue] + steps + entries
        }
        let first = try await story(seed: 11)
        #expect(try await story(seed: 11) == first)
        #expect(try await story(seed: 12) != first)
    }

    @Test func theEventStreamCarriesTheSameStepsAndCallsInTimeOrder() async throws {
        let h = try await Harness.start(speed: 20)
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "Review #ok #duration=20"))
        _ = try await h.client.execRun(run.id)
        var steps: [Step] = [], entries: [UsageEntry] = [], stamps: [String] = []
        var lastTotals: JSONValue?
        func decode<T: Decodable>(_ v: JSONValue?, as: T.Type) throws -> T {
            try JSONDecoder.caseDev.decode(T.self, from: JSONEncoder.caseDev.encode(try #require(v)))
        }
        for try await e in h.client.runEvents(id: run.id) {
            if let t = e.data["timestamp"]?.stringValue { stamps.append(t) }
            switch e.type {
            case "step": steps.append(try decode(e.data["step"], as: Step.self))
            case "usage":
                entries.append(try decode(e.data["entry"], as: UsageEntry.self))
                lastTotals = e.data["usage"]
            default: break
            }
        }
        let d = try await h.client.runDetails(run.id)
        #expect(stamps == stamps.sorted(), "ISO timestamps of one format sort as text")
        #expect(steps == d.steps)
        #expect(entries == d.usage?.entries)
        #expect(lastTotals?["costMicros"]?.intValue == d.usage?.summary?.costMicros)
        #expect(lastTotals?["totalTokens"]?.intValue == d.usage?.summary?.totalTokens)
        #expect(lastTotals?["toolCalls"]?.intValue == d.usage?.toolCalls)
    }

    @Test func demoHistoryHasExpensiveRunsASlippingAgentAndARunawayLoop() async throws {
        let h = try await Harness.start(speed: 1, demo: true, demoRuns: 300)
        defer { Task { await h.emulator.stop() } }
        let runs = try await h.client.allRuns()
        let agents = try await h.client.listAgents().agents
        let analyst = try #require(agents.first { $0.name == "Discovery Analyst" })
        let hourAgo = Date().addingTimeInterval(-3_600)
        func rate(_ rs: [RunSummary]) -> Double {
            let ended = rs.filter { $0.status == .completed || $0.status == .failed }
            return Double(ended.filter { $0.status == .completed }.count) / Double(max(ended.count, 1))
        }
        let mine = runs.filter { $0.agentId == analyst.id }
        let recent = mine.filter { ($0.createdAt ?? .distantPast) > hourAgo }
        #expect(recent.filter { $0.status == .completed || $0.status == .failed }.count >= 5)
        #expect(rate(recent) <= rate(mine) - 0.2, "last hour \(rate(recent)) against \(rate(mine)) overall")

        var expensive = 0
        for r in runs where r.status == .completed || r.status == .failed {
            if try await h.client.runDetails(r.id).usage?.summary?.costMicros ?? 0 >= 5_000_000 { expensive += 1 }
        }
        #expect(expensive >= 3)

        var looping = 0, spending = 0
        for r in runs where r.status == .running {
            let d = try await h.client.runDetails(r.id)
            let calls = d.steps.filter { $0.type == "tool_call" }.map { "\($0.toolName ?? "") \($0.toolInput?.compactText ?? "")" }
            if calls.count >= 10, Set(calls.suffix(10)).count == 1 { looping += 1 }
            if d.steps.last?.durationMs == nil, d.usage?.summary?.costMicros ?? 0 >= 1_000_000 { spending += 1 }
        }
        #expect(looping >= 1 && spending >= 1)
    }
}
