import CaseDevAPI
import Foundation

/// Token, cost and tool-call sums over some runs. Sums saturate: no figure from the server can
/// trap, however large.
public struct UsageTally: Sendable, Hashable, Codable {
    public var runs = 0
    public var inputTokens = 0
    public var outputTokens = 0
    public var totalTokens = 0
    public var costMicros = 0
    public var toolCalls = 0
    public var durationMs = 0

    public init() {}

    public mutating func add(_ r: UsageRecord) {
        runs += 1
        inputTokens = inputTokens.addingSaturating(r.inputTokens)
        outputTokens = outputTokens.addingSaturating(r.outputTokens)
        totalTokens = totalTokens.addingSaturating(r.totalTokens)
        costMicros = costMicros.addingSaturating(r.costMicros)
        toolCalls = toolCalls.addingSaturating(r.toolCalls)
        durationMs = durationMs.addingSaturating(r.durationMs ?? 0)
    }
}

/// One row of a grouped report: an agent id, a model name or a day (`yyyy-MM-dd`).
public struct UsageGroup: Sendable, Hashable, Codable {
    public var key: String
    public var tally: UsageTally
    public init(key: String, tally: UsageTally) { self.key = key; self.tally = tally }
}

public enum UsageGrouping: String, Sendable, Hashable, CaseIterable, Codable {
    case agent, model, day
}

/// The totals over a set of runs: how many there are, how many of them have known usage, the
/// sums over those, and the sums per group.
public struct UsageReport: Sendable, Hashable {
    /// Runs considered.
    public var runs: Int
    /// Runs still queued or running: their usage is not final, so it is not counted.
    public var active: Int
    /// Finished runs whose usage is not known (not fetched yet, or the fetch failed).
    public var unknown: Int
    public var total: UsageTally
    public var groups: [UsageGroup]
    /// Runs whose usage is counted.
    public var known: Int { total.runs }
}

/// Sums usage over runs: `casedash usage` and the dashboard's totals share it. Pure: it reads no
/// file and makes no request, so the dashboard's core can call it on every frame it needs it.
public struct UsageAggregator: Sendable {
    public var grouping: UsageGrouping?
    /// Days are the calendar days of this zone (the user's, by default).
    public var timeZone: TimeZone

    public init(grouping: UsageGrouping? = nil, timeZone: TimeZone = .current) {
        self.grouping = grouping
        self.timeZone = timeZone
    }

    /// The report over `runs`, with each run's usage from `usage` (a cache, a details store).
    /// Groups are sorted by tokens, largest first (days: in date order).
    public func report(runs: [RunSummary], usage: (String) -> UsageRecord?) -> UsageReport {
        report(runs: runs, usage: usage, alsoBy: []).report
    }

    /// The report, and in the same pass over the runs the groups of each of `more` groupings
    /// (in their order): the dashboard's usage pane shows two groupings, redrawn as runs end.
    public func report(runs: [RunSummary], usage: (String) -> UsageRecord?,
                       alsoBy more: [UsageGrouping]) -> (report: UsageReport, more: [[UsageGroup]]) {
        let others = more.map { UsageAggregator(grouping: $0, timeZone: timeZone) }
        var total = UsageTally()
        var groups: [String: UsageTally] = [:]
        var otherGroups = Array(repeating: [String: UsageTally](), count: others.count)
        var active = 0, unknown = 0
        for run in runs {
            guard let record = usage(run.id) else {
                if run.status.isTerminal { unknown += 1 } else { active += 1 }
                continue
            }
            total.add(record)
            if let key = key(record, run) { groups[key, default: UsageTally()].add(record) }
            for (i, other) in others.enumerated() {
                if let key = other.key(record, run) { otherGroups[i][key, default: UsageTally()].add(record) }
            }
        }
        let report = UsageReport(runs: runs.count, active: active, unknown: unknown, total: total, groups: sorted(groups))
        return (report, zip(others, otherGroups).map { $0.sorted($1) })
    }

    /// Groups largest first (days in date order).
    private func sorted(_ groups: [String: UsageTally]) -> [UsageGroup] {
        groups.map { UsageGroup(key: $0.key, tally: $0.value) }.sorted { a, b in
            if grouping == .day { return a.key < b.key }
            return a.tally.totalTokens != b.tally.totalTokens ? a.tally.totalTokens > b.tally.totalTokens : a.key < b.key
        }
    }

    /// The report over records alone (every record is a run).
    public func report(records: [UsageRecord]) -> UsageReport {
        let byId = Dictionary(records.map { ($0.runId, $0) }, uniquingKeysWith: { _, b in b })
        let runs = records.map { RunSummary(id: $0.runId, agentId: $0.agentId, status: $0.status, prompt: "",
                                            model: $0.model, createdAt: $0.createdAt, completedAt: $0.endedAt) }
        return report(runs: runs, usage: { byId[$0] })
    }

    private func key(_ r: UsageRecord, _ run: RunSummary) -> String? {
        switch grouping {
        case nil: return nil
        case .agent?: return r.agentId.isEmpty ? run.agentId : r.agentId
        case .model?: return r.model ?? run.model ?? "unknown"
        case .day?:
            guard let date = r.createdAt ?? run.createdAt else { return "unknown" }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
        }
    }
}
