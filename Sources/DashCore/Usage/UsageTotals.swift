import CaseDevAPI
import RunUsage

/// Token and cost totals over the loaded runs whose usage is known, by the same aggregator
/// `casedash usage` uses. Sums saturate: no number from the server can trap.
struct UsageTotals {
    let known: [(RunSummary, UsageRecord)]
    let report: UsageReport

    init(_ s: DashState) {
        var byId: [String: UsageRecord] = [:]
        var known: [(RunSummary, UsageRecord)] = []
        for run in s.runList.runs {
            guard let r = s.store.record(for: run) else { continue }
            byId[run.id] = r
            known.append((run, r))
        }
        self.known = known
        report = UsageAggregator().report(runs: s.runList.runs) { byId[$0] }
    }

    var tokens: Int { report.total.totalTokens }
    var costMicros: Int { report.total.costMicros }

    /// Token sums per group (agent, model), largest first.
    func grouped(_ grouping: UsageGrouping, _ s: DashState) -> [(String, Int)] {
        let byId = Dictionary(known.map { ($0.0.id, $0.1) }, uniquingKeysWith: { a, _ in a })
        let groups = UsageAggregator(grouping: grouping).report(runs: known.map(\.0)) { byId[$0] }.groups
        return groups.map { g in (grouping == .agent ? s.agentList.name(g.key) : Format.model(g.key), g.tally.totalTokens) }
    }
}
