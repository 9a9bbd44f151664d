import CaseDevAPI
import Foundation

/// A run's steps on one time axis, with the LLM calls of `usage.entries` placed in the step whose
/// time window holds them: where the time and the money of a run went.
public struct StepWaterfall: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// The step's place in `details.steps`.
        public var index: Int
        public var step: Step
        /// Seconds from the run's start to the step's start, and how long its window is.
        public var start: TimeInterval
        public var duration: TimeInterval
        public var tokens = 0
        public var costMicros = 0
        /// A tool result that reports an error.
        public var failed: Bool
    }

    public enum Order: String, Sendable, Hashable, CaseIterable { case time, duration, cost }

    public var rows: [Row]
    /// The axis: from the run's start to its end (now, while it runs).
    public var span: TimeInterval
    public var tokens = 0
    public var costMicros = 0
    /// What the run's LLM calls cost that no step's window holds.
    public var unattributedCostMicros = 0
    public var unattributedTokens = 0

    public static func build(_ d: RunDetails, now: Date) -> StepWaterfall {
        let steps = d.steps
        let origin = d.startedAt ?? steps.compactMap(\.timestamp).min() ?? d.createdAt ?? now
        let end = d.completedAt ?? (d.status.isTerminal ? (steps.compactMap(\.timestamp).max() ?? origin) : now)
        var rows: [Row] = []
        for (i, step) in steps.enumerated() {
            let at = step.timestamp ?? origin
            let next = steps.dropFirst(i + 1).compactMap(\.timestamp).first ?? end
            let duration = step.durationMs.map { Double(max(0, $0)) / 1000 } ?? max(0, next.timeIntervalSince(at))
            rows.append(Row(index: i, step: step, start: max(0, at.timeIntervalSince(origin)), duration: duration,
                            failed: Self.isFailure(step)))
        }
        var w = StepWaterfall(rows: rows, span: max(0.001, end.timeIntervalSince(origin), rows.map { $0.start + $0.duration }.max() ?? 0))
        for entry in d.usage?.entries ?? [] {
            let tokens = max(0, entry.totalTokens ?? 0), cost = max(0, entry.costMicros ?? 0)
            w.tokens = w.tokens.addingSaturating(tokens)
            w.costMicros = w.costMicros.addingSaturating(cost)
            guard let at = entry.timestamp?.timeIntervalSince(origin),
                  let i = w.rows.indices.last(where: { at >= w.rows[$0].start && at < w.rows[$0].start + max(w.rows[$0].duration, 0.001) }) else {
                w.unattributedTokens = w.unattributedTokens.addingSaturating(tokens)
                w.unattributedCostMicros = w.unattributedCostMicros.addingSaturating(cost)
                continue
            }
            w.rows[i].tokens = w.rows[i].tokens.addingSaturating(tokens)
            w.rows[i].costMicros = w.rows[i].costMicros.addingSaturating(cost)
        }
        // A run without per-call entries still has its totals.
        if (d.usage?.entries ?? []).isEmpty, let u = d.usage {
            w.tokens = max(0, u.totalTokens)
            w.costMicros = max(0, u.summary?.costMicros ?? 0)
            w.unattributedTokens = w.tokens
            w.unattributedCostMicros = w.costMicros
        }
        return w
    }

    /// A tool result that says it failed: an `error` or `isError` in its output, or text that starts with "error".
    static func isFailure(_ step: Step) -> Bool {
        guard step.type == "tool_result", let out = step.toolOutput else { return false }
        switch out {
        case .object(let o):
            if case .bool(true)? = o["isError"] { return true }
            if let e = o["error"], e != .null, e != .bool(false) { return true }
            return false
        case .string(let text): return text.lowercased().hasPrefix("error")
        default: return false
        }
    }

    public func ordered(_ order: Order) -> [Row] {
        switch order {
        case .time: rows
        case .duration: rows.enumerated().sorted { a, b in a.1.duration != b.1.duration ? a.1.duration > b.1.duration : a.0 < b.0 }.map(\.1)
        case .cost: rows.enumerated().sorted { a, b in a.1.costMicros != b.1.costMicros ? a.1.costMicros > b.1.costMicros : a.0 < b.0 }.map(\.1)
        }
    }

    /// Where to look first when a run failed: its first failed tool result.
    public var firstFailure: Row? { rows.first(where: \.failed) }
}
