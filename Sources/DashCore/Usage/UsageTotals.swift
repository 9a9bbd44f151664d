import CaseDevAPI

/// Token and cost totals over the loaded runs whose usage is known. Sums saturate: no number
/// from the server can trap, however large or negative.
struct UsageTotals {
    let known: [(RunSummary, Usage)]
    let tokens: Int
    let costMicros: Int

    init(_ s: DashState) {
        known = s.runList.runs.compactMap { r in s.store.usageOf(r.id).map { (r, $0) } }
        tokens = known.map { max(0, $0.1.totalTokens) }.saturatingSum()
        costMicros = known.map { max(0, $0.1.summary?.costMicros ?? 0) }.saturatingSum()
    }

    /// Token sums per group (agent, model), largest first.
    func grouped(by key: (RunSummary) -> String) -> [(String, Int)] {
        var sums: [String: Int] = [:]
        for (r, u) in known { sums[key(r), default: 0] = (sums[key(r)] ?? 0).addingSaturating(max(0, u.totalTokens)) }
        return sums.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    }
}
