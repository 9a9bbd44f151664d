import CaseDevAPI
import Foundation

/// Limits the operator sets on runs and agents (`[guards]` in the settings): a run that costs,
/// lasts or uses too much, or loops on the same tool call, and an agent that fails too often.
/// A breach is announced once per run (once per agent while it lasts); per-run rules may cancel
/// the run, once, when `allow_auto_cancel` is also set and casedash is not read-only.
public struct GuardRules: Sendable, Hashable {
    public var maxCostMicros: Int?
    public var maxDuration: TimeInterval?
    public var maxTokens: Int?
    /// The same tool with the same input this many times in a row: a runaway loop.
    public var repeatedToolCalls: Int?
    /// Above this share of failures over an agent's last 20 finished runs.
    public var failureRate: Double?
    /// Per-run breaches cancel the run.
    public var cancel = false

    public init() {}

    public var isEmpty: Bool { self == GuardRules() }
    /// A rule that needs a running run's details (cost, tokens, loops): those are fetched for
    /// runs that are not selected too, at a low rate, only while such a rule is set.
    public var needsDetails: Bool { maxCostMicros != nil || maxTokens != nil || repeatedToolCalls != nil }
}

/// What tripped.
public enum GuardBreach: Sendable, Hashable {
    case cost(Int, limit: Int)
    case duration(TimeInterval, limit: TimeInterval)
    case tokens(Int, limit: Int)
    case loop(tool: String, times: Int)
    case failureRate(Double, limit: Double)

    public var rule: String {
        switch self {
        case .cost: "max_run_cost_usd"
        case .duration: "max_run_duration"
        case .tokens: "max_run_tokens"
        case .loop: "repeated_tool_calls"
        case .failureRate: "failure_rate"
        }
    }

    public var text: String {
        switch self {
        case .cost(let c, let l): "cost \(Format.cost(micros: c)) > \(Format.cost(micros: l))"
        case .duration(let d, let l): "running \(Format.duration(d)) > \(Format.duration(l))"
        case .tokens(let t, let l): "\(Format.tokens(t)) tokens > \(Format.tokens(l))"
        case .loop(let tool, let n): "\(Sanitizer.line(tool)) called \(n) times in a row with the same input"
        case .failureRate(let r, let l): "\(Int((r * 100).rounded()))% of the last runs failed > \(Int((l * 100).rounded()))%"
        }
    }
}

/// What the guards have said and done, so each breach is acted on once.
public struct GuardState: Sendable, Hashable {
    /// Rules each run has breached (announced).
    public private(set) var runs: [String: Set<String>] = [:]
    /// Agents whose failure rate was announced, until it falls back.
    public private(set) var agents: Set<String> = []
    /// Runs a guard cancelled.
    public private(set) var cancelled: Set<String> = []
    /// Round-robin place among running runs, for checking the ones that are not selected.
    var nextIndex = 0

    mutating func checked() { nextIndex &+= 1 }

    public init() {}

    public func breached(_ runId: String) -> Bool { !(runs[runId]?.isEmpty ?? true) }

    /// Records a breach; false when this run already breached this rule.
    mutating func record(_ runId: String, _ b: GuardBreach) -> Bool { runs[runId, default: []].insert(b.rule).inserted }
    mutating func recordAgent(_ id: String) -> Bool { agents.insert(id).inserted }
    mutating func agentRecovered(_ id: String) { agents.remove(id) }
    mutating func cancelling(_ id: String) -> Bool { cancelled.insert(id).inserted }

    // MARK: Judging

    /// The per-run rules a run breaks now, from its listed figures and (if known) its details.
    static func check(_ rules: GuardRules, run: RunSummary, details: RunDetails?, now: Date) -> [GuardBreach] {
        guard run.status.isActive else { return [] }
        var out: [GuardBreach] = []
        if let limit = rules.maxDuration, let start = run.startedAt, now.timeIntervalSince(start) > limit {
            out.append(.duration(now.timeIntervalSince(start), limit: limit))
        }
        guard let d = details else { return out }
        let cost = d.usage?.summary?.costMicros ?? 0
        if let limit = rules.maxCostMicros, cost > limit { out.append(.cost(cost, limit: limit)) }
        let tokens = d.usage?.totalTokens ?? 0
        if let limit = rules.maxTokens, tokens > limit { out.append(.tokens(tokens, limit: limit)) }
        if let n = rules.repeatedToolCalls, n > 1, let loop = repeated(d.steps), loop.1 >= n { out.append(.loop(tool: loop.0, times: loop.1)) }
        return out
    }

    /// The longest run of identical tool calls (same tool, same input) at the end of the steps.
    static func repeated(_ steps: [Step]) -> (String, Int)? {
        let calls = steps.filter { $0.type == "tool_call" }
        guard let last = calls.last else { return nil }
        let n = calls.reversed().prefix { $0.toolName == last.toolName && $0.toolInput == last.toolInput }.count
        return (last.toolName ?? "?", n)
    }

    /// An agent's failure share over its last 20 finished runs (nil under 5: too few to judge).
    static func failureRate(_ runs: [RunSummary], agent: String) -> Double? {
        let finished = runs.filter { $0.agentId == agent && ($0.status == .completed || $0.status == .failed) }.prefix(20)
        guard finished.count >= 5 else { return nil }
        return Double(finished.filter { $0.status == .failed }.count) / Double(finished.count)
    }
}
