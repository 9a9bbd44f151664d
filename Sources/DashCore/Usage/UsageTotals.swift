import CaseDevAPI
import RunUsage

/// Token and cost totals over the loaded runs whose usage is known, by the same aggregator
/// `casedash usage` uses. Sums saturate: no number from the server can trap. Computed once per
/// change of what they read (`DashState.usageTotals`), not once per frame: over hundreds of
/// runs they were a fifth of what drawing a frame cost.
struct UsageTotals: Sendable {
    /// What the totals read: they are still right while none of these changed.
    struct Inputs: Hashable, Sendable { var runs: Int, usage: Int, agents: Int }

    let inputs: Inputs
    let known: [(RunSummary, UsageRecord)]
    let report: UsageReport
    /// Token sums per agent (by name) and per model, largest first.
    let byAgent: [(String, Int)]
    let byModel: [(String, Int)]

    init(_ s: DashState) {
        inputs = Self.inputs(s)
        var byId: [String: UsageRecord] = [:]
        var known: [(RunSummary, UsageRecord)] = []
        for run in s.runList.runs {
            guard let r = s.store.record(for: run) else { continue }
            byId[run.id] = r
            known.append((run, r))
        }
        self.known = known
        report = UsageAggregator().report(runs: s.runList.runs) { byId[$0] }
        func grouped(_ grouping: UsageGrouping) -> [(String, Int)] {
            let groups = UsageAggregator(grouping: grouping).report(runs: known.map(\.0)) { byId[$0] }.groups
            return groups.map { g in (grouping == .agent ? s.agentList.name(g.key) : Format.model(g.key), g.tally.totalTokens) }
        }
        byAgent = grouped(.agent)
        byModel = grouped(.model)
    }

    static func inputs(_ s: DashState) -> Inputs {
        Inputs(runs: s.runList.version, usage: s.store.usageVersion, agents: s.agentList.version)
    }

    var tokens: Int { report.total.totalTokens }
    var costMicros: Int { report.total.costMicros }
}

extension DashState {
    /// The usage totals: the ones kept since the last update when still current, else computed
    /// now (a state built without `Dash.update` still shows the right figures).
    var currentUsageTotals: UsageTotals {
        if let kept = usageTotals, kept.inputs == UsageTotals.inputs(self) { return kept }
        return UsageTotals(self)
    }

    /// Recomputes the kept totals when what they read changed.
    mutating func refreshUsageTotals() {
        guard usageTotals?.inputs != UsageTotals.inputs(self) else { return }
        usageTotals = UsageTotals(self)
    }
}
