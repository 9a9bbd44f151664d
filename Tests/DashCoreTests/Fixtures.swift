import CaseDevAPI
import DashCore
import Foundation

/// Fixed data for update and render tests: the same every run, no clock, no network.
enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T…

    static let agents = [
        Agent(id: "agent_contracts", name: "Contract Reviewer", model: "anthropic/claude-sonnet-4.6", isActive: true),
        Agent(id: "agent_discovery", name: "Discovery Analyst", model: "openai/gpt-5-mini", isActive: true),
        Agent(id: "agent_tokyo", name: "契約レビュー (Tokyo)", model: "anthropic/claude-haiku-4.5", isActive: true),
    ]

    static func run(_ n: Int, _ status: RunStatus, agent: String = "agent_contracts", prompt: String? = nil,
                    ageSeconds: Double, duration: Double? = nil) -> RunSummary {
        let created = t0.addingTimeInterval(-ageSeconds)
        let started: Date? = status == .queued ? nil : created.addingTimeInterval(2)
        let completed: Date? = status.isTerminal ? started.map { $0.addingTimeInterval(duration ?? 60) } : nil
        return RunSummary(id: String(format: "run_%04dabcdefgh", n), agentId: agent, status: status,
                          prompt: prompt ?? "Review contract number \(n) and flag risky clauses", model: "anthropic/claude-sonnet-4.6",
                          createdAt: created, startedAt: status == .cancelled && duration == nil ? nil : started,
                          completedAt: completed)
    }

    static var runs: [RunSummary] {
        [
            run(12, .queued, agent: "agent_tokyo", prompt: "秘密保持契約の有効期間を確認", ageSeconds: 5),
            run(11, .running, ageSeconds: 40),
            run(10, .running, agent: "agent_discovery", prompt: "Find every email about Project Falcon", ageSeconds: 95),
            run(9, .failed, agent: "agent_discovery", ageSeconds: 600, duration: 200),
            run(8, .completed, ageSeconds: 1_200, duration: 317),
            run(7, .cancelled, agent: "agent_tokyo", ageSeconds: 3_600),
            run(6, .completed, agent: "agent_discovery", ageSeconds: 7_200, duration: 95),
        ] + (1...5).reversed().map { run($0, .completed, ageSeconds: 10_000 + Double($0) * 100, duration: 120) }
    }

    static func details(_ summary: RunSummary, logs: [String: String], tokens: Int = 48_200) -> RunDetails {
        let usage = Usage(model: "anthropic/claude-sonnet-4.6", inputTokens: tokens - 3_200, outputTokens: 3_200, toolCalls: 12,
                          durationMs: 317_000,
                          summary: UsageSummary(costMicros: 412_000, totalInputTokens: tokens - 3_200, totalOutputTokens: 3_200,
                                                totalTokens: tokens),
                          entries: (0..<6).map { i in
                              UsageEntry(id: "use_\(i)", kind: "llm", service: "llm", endpoint: "/llm/v1/chat/completions",
                                         method: "POST", statusCode: 200, costMicros: 9_100 * (i + 1), promptTokens: 3_000 * (i + 1),
                                         completionTokens: 200, totalTokens: 3_000 * (i + 1) + 200, model: "anthropic/claude-sonnet-4.6",
                                         timestamp: t0.addingTimeInterval(Double(i)))
                          })
        let steps = [
            Step(id: "step_001", type: "tool_call", toolName: "bash", toolInput: .object(["command": .string("casedev vault list")]),
                 timestamp: t0),
            Step(id: "step_002", type: "tool_result", toolName: "bash", toolOutput: .string("2 vaults"), durationMs: 1_200,
                 timestamp: t0.addingTimeInterval(1)),
            Step(id: "step_003", type: "thinking", content: "Start with the indemnities.", timestamp: t0.addingTimeInterval(2)),
        ]
        let done = summary.status == .completed
        return RunDetails(id: summary.id, agentId: summary.agentId, status: summary.status, prompt: summary.prompt,
                          model: summary.model, provider: "vercel", runtimeState: summary.status.isTerminal ? "ended" : "running",
                          result: RunResult(output: done ? "## Findings\n\n1. Uncapped indemnity in §9.2." : nil, logs: logs),
                          steps: steps, usage: usage, createdAt: summary.createdAt, startedAt: summary.startedAt,
                          completedAt: summary.completedAt)
    }

    static let runnerLog = (1...30).map { "2026-11-18T10:00:\(String(format: "%02d", $0))Z [runner] step \($0) of the plan" }
        .joined(separator: "\n")
    static let lincLog = "linc 0.9.3 starting\nworkspace /workspace\ntool bash started"

    /// A dashboard with agents and runs loaded, the second run selected with logs.
    static func state(cols: Int = 120, rows: Int = 40, readonly: Bool = false, demo: Bool = true, config: DashConfig? = nil) -> DashState {
        let config = config ?? DashConfig(endpoint: "127.0.0.1:8080", demo: demo, readonly: readonly)
        var s = DashState(config: config, size: Size(cols: cols, rows: rows),
                          now: t0, themes: [Theme.builtinDark])
        _ = Dash.update(&s, .tick(t0))
        _ = Dash.update(&s, .agentsLoaded(agents, at: t0))
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: runs, hasMore: true, nextCursor: "run_0001abcdefgh"), query: s.query, at: t0))
        _ = Dash.update(&s, .key(.char("g")))  // tests start from the top row
        return s
    }
}

extension DashEffect {
    /// The run whose details this effect fetches, whatever part of its logs it keeps.
    var fetchedRun: String? { if case .fetchDetails(let id, _) = self { id } else { nil } }
    /// The run whose cost this effect reads (the token back-fill).
    var costOf: String? { if case .fetchCost(let id) = self { id } else { nil } }
}

extension Fixtures {
    /// The answer to a back-fill read of `run`.
    static func cost(_ run: RunSummary, tokens: Int = 48_200) -> RunCost {
        RunCost(details: details(run, logs: [:], tokens: tokens))
    }
}

extension [DashEffect] {
    func fetchesDetails(of id: String) -> Bool { contains { $0.fetchedRun == id } }
    /// Reads some run other than `id`, whole or for its cost.
    func readsRun(besides id: String) -> Bool { contains { ($0.fetchedRun ?? $0.costOf).map { $0 != id } ?? false } }
}
