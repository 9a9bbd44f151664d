import CaseDevAPI
import Foundation
import RunUsage

/// How each agent is doing, over the runs the dashboard knows (the loaded ones and the usage
/// cache's): how many, how many succeed, how long they take, what they cost, when one last failed,
/// and whether the last hour is much worse than usual.
public struct AgentHealth: Sendable, Hashable {
    public enum Sort: String, Sendable, Hashable, CaseIterable { case runs, success, failed, p95, cost }

    public var agentId: String
    public var runs = 0
    public var completed = 0
    public var failed = 0
    public var p50: TimeInterval?
    public var p95: TimeInterval?
    public var medianTokens: Int?
    public var medianCostMicros: Int?
    public var lastFailure: Date?
    /// Success rate of all finished runs, and of those that ended in the last hour (nil: none did).
    public var successRate: Double?
    public var lastHourRate: Double?

    /// The last hour is at least 20 points worse than the agent's usual success rate.
    public var worsening: Bool {
        guard let all = successRate, let hour = lastHourRate else { return false }
        return hour <= all - 0.2
    }

    /// A run as the health figures see it.
    struct Sample {
        var status: RunStatus
        var duration: TimeInterval?
        var ended: Date?
        var tokens: Int?
        var cost: Int?
    }

    public static func table(_ s: DashState) -> [AgentHealth] {
        var samples: [String: [String: Sample]] = [:]
        for r in s.store.records.values {
            samples[r.agentId, default: [:]][r.runId] = Sample(status: r.status, duration: r.durationMs.map { Double($0) / 1000 },
                                                               ended: r.endedAt, tokens: r.totalTokens, cost: r.costMicros)
        }
        for run in s.runList.runs {
            let record = s.store.record(for: run)
            samples[run.agentId, default: [:]][run.id] = Sample(status: run.status, duration: run.status.isTerminal ? s.duration(run) : nil,
                                                                ended: run.completedAt, tokens: record?.totalTokens, cost: record?.costMicros)
        }
        let ids = s.agentList.agents.map(\.id) + samples.keys.filter { id in !s.agentList.agents.contains { $0.id == id } }.sorted()
        return ids.map { make($0, Array(samples[$0]?.values ?? [:].values), now: s.now) }
    }

    static func make(_ agentId: String, _ runs: [Sample], now: Date) -> AgentHealth {
        var h = AgentHealth(agentId: agentId)
        h.runs = runs.count
        h.completed = runs.filter { $0.status == .completed }.count
        h.failed = runs.filter { $0.status == .failed }.count
        if h.completed + h.failed > 0 { h.successRate = Double(h.completed) / Double(h.completed + h.failed) }
        let recent = runs.filter { ($0.status == .completed || $0.status == .failed) && ($0.ended.map { now.timeIntervalSince($0) <= 3600 } ?? false) }
        if !recent.isEmpty { h.lastHourRate = Double(recent.filter { $0.status == .completed }.count) / Double(recent.count) }
        let durations = runs.filter(\.status.isTerminal).compactMap(\.duration).sorted()
        h.p50 = percentile(durations, 0.5)
        h.p95 = percentile(durations, 0.95)
        h.medianTokens = percentile(runs.compactMap(\.tokens).sorted(), 0.5)
        h.medianCostMicros = percentile(runs.compactMap(\.cost).sorted(), 0.5)
        h.lastFailure = runs.filter { $0.status == .failed }.compactMap(\.ended).max()
        return h
    }

    /// The nearest-rank percentile of sorted values.
    static func percentile<T>(_ sorted: [T], _ p: Double) -> T? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    public static func sorted(_ table: [AgentHealth], by sort: Sort) -> [AgentHealth] {
        table.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            let order: Bool? = switch sort {
            case .runs: x.runs == y.runs ? nil : x.runs > y.runs
            case .success: x.successRate == y.successRate ? nil : (x.successRate ?? 2) < (y.successRate ?? 2)
            case .failed: x.failed == y.failed ? nil : x.failed > y.failed
            case .p95: x.p95 == y.p95 ? nil : (x.p95 ?? -1) > (y.p95 ?? -1)
            case .cost: x.medianCostMicros == y.medianCostMicros ? nil : (x.medianCostMicros ?? -1) > (y.medianCostMicros ?? -1)
            }
            return order ?? (a.offset < b.offset)
        }.map(\.element)
    }
}
