import CaseDevAPI
import Foundation
import RunFollow

/// Looking into runs: the waterfall's order and steps, the first failure, a diff of two marked
/// runs, and every agent's health.
enum InsightReducer {
    static func run(_ s: inout DashState, _ command: InsightCommand) -> [DashEffect] {
        switch command {
        case .sortSteps:
            let all = StepWaterfall.Order.allCases
            s.detail.stepOrder = all[((all.firstIndex(of: s.detail.stepOrder) ?? 0) + 1) % all.count]
            s.detail.stepCursor = 0
            s.show("Steps by \(s.detail.stepOrder.rawValue)")
        case .openStep:
            guard let d = s.selectedFollower?.details else { return [] }
            let rows = StepWaterfall.build(d, now: s.now).ordered(s.detail.stepOrder)
            guard rows.indices.contains(s.detail.stepCursor) else { return [] }
            s.modal = .step(index: rows[s.detail.stepCursor].index, scroll: 0)
        case .firstFailure:
            firstFailure(&s)
        case .diff:
            return diff(&s)
        case .health:
            s.modal = .health(cursor: 0, sort: .runs)
        }
        return []
    }

    static func firstFailure(_ s: inout DashState) {
        guard let run = s.selectedRun, let d = s.selectedFollower?.details else { s.show("No run details yet", error: true); return }
        let w = StepWaterfall.build(d, now: s.now)
        if let failed = w.firstFailure {
            s.focus = .detail
            s.detail.tab = .steps
            s.detail.stepOrder = .time
            s.detail.stepCursor = failed.index
        } else if run.status == .failed || d.result?.error != nil {
            s.focus = .detail
            s.detail.tab = .output
            s.detail.scroll = 0
            s.show("No tool failed; the run's error is at the top of the output")
        } else {
            s.show("Nothing failed in run \(Format.shortId(run.id))")
        }
    }

    /// Opens the comparison of the two marked runs, fetching the details it lacks.
    static func diff(_ s: inout DashState) -> [DashEffect] {
        let marked = s.runList.targets
        guard s.runList.marks.count == 2, marked.count == 2 else {
            s.show("Mark exactly two runs with Space, then d compares them", error: true)
            return []
        }
        s.modal = .diff(a: marked[0].id, b: marked[1].id, scroll: 0)
        var fx: [DashEffect] = []
        for run in marked where s.store.details(run.id) == nil && !s.poll.inFlight.contains(.details(run.id)) {
            s.poll.inFlight.insert(.details(run.id))
            fx.append(.fetchDetails(run.id))
        }
        return fx
    }

    /// Jumps from a step to the merged log view, at the first line of the step's time.
    static func logsOfStep(_ s: inout DashState, _ index: Int) {
        guard let follower = s.selectedFollower, let d = follower.details else { return }
        let w = StepWaterfall.build(d, now: s.now)
        guard let row = w.rows.first(where: { $0.index == index }) else { return }
        let origin = d.startedAt ?? d.steps.compactMap(\.timestamp).min() ?? s.now
        let from = origin.addingTimeInterval(row.start)
        s.modal = nil
        s.focus = .detail
        s.detail.tab = .logs
        s.detail.log.show(LogSource.available(follower.logs.names).first)
        s.detail.log.catchUp(s.logPage)
        let merged = follower.logs.merged
        if let i = merged.lines.firstIndex(where: { ($0.sortTime ?? .distantPast) >= from }) {
            s.detail.log.follow = false
            s.detail.log.top = merged.dropped + i
        }
    }

    /// The log lines of every stream whose time falls in a step's window.
    static func stepLines(_ s: DashState, _ row: StepWaterfall.Row, _ d: RunDetails) -> [LogLine] {
        guard let merged = s.selectedFollower?.logs.merged else { return [] }
        let origin = d.startedAt ?? d.steps.compactMap(\.timestamp).min() ?? s.now
        let from = origin.addingTimeInterval(row.start), to = from.addingTimeInterval(max(row.duration, 0.001))
        return merged.lines.filter { line in line.time.map { $0 >= from && $0 < to } ?? false }
    }
}
