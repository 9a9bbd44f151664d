import CaseDevAPI
import Foundation

/// What a finished run cost: the figures the usage totals need, and nothing else (no prompt, no
/// logs). A finished run's details never change, so a record, once made, is true for good.
public struct UsageRecord: Sendable, Hashable, Codable {
    public var runId: String
    public var agentId: String
    public var status: RunStatus
    public var model: String?
    public var inputTokens: Int
    public var outputTokens: Int
    public var totalTokens: Int
    public var costMicros: Int
    public var toolCalls: Int
    public var durationMs: Int?
    public var createdAt: Date?
    public var endedAt: Date?

    public init(runId: String, agentId: String, status: RunStatus, model: String?, inputTokens: Int, outputTokens: Int,
                totalTokens: Int, costMicros: Int, toolCalls: Int, durationMs: Int?, createdAt: Date?, endedAt: Date?) {
        self.runId = runId; self.agentId = agentId; self.status = status; self.model = model
        self.inputTokens = inputTokens; self.outputTokens = outputTokens; self.totalTokens = totalTokens
        self.costMicros = costMicros; self.toolCalls = toolCalls; self.durationMs = durationMs
        self.createdAt = createdAt; self.endedAt = endedAt
    }

    /// The record of a run's details, once the run has ended (nil before: its usage still grows).
    /// Figures from the server may be anything; negative ones count as zero.
    public init?(details d: RunDetails) {
        self.init(cost: RunCost(details: d))
    }

    /// The record of what a run's details say it cost, once the run has ended.
    public init?(cost c: RunCost) {
        guard c.run.status.isTerminal else { return nil }
        self.init(run: c.run, usage: c.usage ?? Usage())
    }

    /// A run as listed, with the usage its details reported (the dashboard keeps both).
    public init(run: RunSummary, usage u: Usage) {
        let duration = u.durationMs ?? zip(run.startedAt, run.completedAt).map { Int(($1.timeIntervalSince($0) * 1000).rounded()) }
        self.init(runId: run.id, agentId: run.agentId, status: run.status, model: u.model ?? run.model,
                  inputTokens: max(0, u.summary?.totalInputTokens ?? u.inputTokens ?? 0),
                  outputTokens: max(0, u.summary?.totalOutputTokens ?? u.outputTokens ?? 0),
                  totalTokens: max(0, u.totalTokens), costMicros: max(0, u.summary?.costMicros ?? 0),
                  toolCalls: max(0, u.toolCalls ?? 0), durationMs: duration.map { max(0, $0) },
                  createdAt: run.createdAt, endedAt: run.completedAt)
    }

    // Short keys: the cache holds up to 100,000 of these, one per line.
    enum CodingKeys: String, CodingKey {
        case runId = "id", agentId = "agent", status, model, inputTokens = "in", outputTokens = "out",
             totalTokens = "tokens", costMicros = "cost", toolCalls = "tools", durationMs = "ms",
             createdAt = "created", endedAt = "ended"
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
