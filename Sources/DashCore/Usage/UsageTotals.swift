import Foundation
import CaseDevAPI
import RunUsage

/// Token and cost totals over the loaded runs whose usage is known, by the same aggregator
/// `casedash usage` uses. Sums saturate: no number from the server can trap. Computed once per
/// change of what they read (`DashState.usageTotals`), not once per frame: over hundreds of
/// runs they were a fifth of what drawing a frame cost.
struct UsageTotals: Sendable {
    /// What the totals read: they are still right while none of these changed.
    struct Inputs: Hashable, Sendable { var runs: Int, usage: Int, agents: Int }

    /// What the usage pane shows of the totals. Their inputs change with every list answer and
    /// every usage event of a live run, their figures far less often: the pane is drawn again
    /// only when these change (`PaneMemo`).
    struct Shown: Hashable, Sendable {
        /// Loaded runs, and those whose usage is known.
        var runs: Int, known: Int
        var tokens: Int, costMicros: Int
        /// Each known run's creation time and tokens, for the sparkline.
        var dated: [Dated]
        /// Token sums per agent (by name) and per model, largest first.
        var byAgent: [Bar], byModel: [Bar]
    }

    struct Dated: Hashable, Sendable { var at: Date, tokens: Int }
    struct Bar: Hashable, Sendable { var name: String, tokens: Int }

    let inputs: Inputs
    let shown: Shown

    /// One pass over the loaded runs: each run's record is looked up once, and the aggregator
    /// sums the totals and both groupings together.
    init(_ s: DashState) {
        inputs = Self.inputs(s)
        var byId: [String: UsageRecord] = [:]
        byId.reserveCapacity(s.runList.runs.count)
        var dated: [Dated] = []
        for run in s.runList.runs {
            guard let r = s.store.record(for: run) else { continue }
            byId[run.id] = r
            if let at = run.createdAt { dated.append(Dated(at: at, tokens: r.totalTokens)) }
        }
        let (report, groups) = UsageAggregator().report(runs: s.runList.runs, usage: { byId[$0] }, alsoBy: [.agent, .model])
        shown = Shown(runs: s.runList.runs.count, known: report.known, tokens: report.total.totalTokens,
                      costMicros: report.total.costMicros, dated: dated,
                      byAgent: groups[0].map { Bar(name: s.agentList.name($0.key), tokens: $0.tally.totalTokens) },
                      byModel: groups[1].map { Bar(name: Format.model($0.key), tokens: $0.tally.totalTokens) })
    }

    static func inputs(_ s: DashState) -> Inputs {
        Inputs(runs: s.runList.version, usage: s.store.usageVersion, agents: s.agentList.version)
    }

    var tokens: Int { shown.tokens }
    var costMicros: Int { shown.costMicros }
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
