import CaseDevAPI
import Foundation
import RunFollow

/// Waits for runs to end by polling their status (the light request), at most one request in
/// flight, every poll interval.
struct RunWaiter {
    var ids: [String]
    var timeout: TimeInterval?

    struct Outcome {
        var ended: [String: RunStatusInfo] = [:]
        /// Runs still not ended when the timeout passed.
        var pending: [String] = []
    }

    func wait(_ ctx: ScriptContext) async throws -> Outcome {
        let deadline = timeout.map { ctx.now().addingTimeInterval($0) }
        var outcome = Outcome()
        var pending = ids.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        while true {
            for id in pending {
                let s = try await ctx.client.runStatus(id)
                if s.status.isTerminal { outcome.ended[id] = s }
            }
            pending.removeAll { outcome.ended[$0] != nil }
            if pending.isEmpty { return outcome }
            if let deadline, ctx.now() >= deadline {
                outcome.pending = pending
                return outcome
            }
            var pause = ctx.pollInterval
            if let deadline { pause = min(pause, max(0.01, deadline.timeIntervalSince(ctx.now()))) }
            try await Task.sleep(for: .seconds(pause))
        }
    }

    /// The run's error and its last 20 log lines (every stream merged, tagged), on stderr.
    static func explain(_ s: RunStatusInfo, _ ctx: ScriptContext) async throws {
        let details = try await ctx.client.runDetails(s.id)
        var follower = RunFollower(runId: s.id, maxLines: 1_000)
        _ = follower.step(.details(details, at: ctx.now()))
        var text = "run \(UntrustedText.line(s.id)) \(s.status.rawValue)"
        if let error = details.result?.error { text += ": \(UntrustedText.line(error))" }
        text += "\n"
        let last = follower.logs.merged.lines.suffix(20)
        if !last.isEmpty {
            text += "last \(last.count) log lines:\n"
            let width = last.map { UntrustedText.line($0.stream).count }.max() ?? 0
            for line in last {
                let name = UntrustedText.line(line.stream)
                text += "  \(name)\(String(repeating: " ", count: width - name.count)) \(line.text)\n"
            }
        }
        ctx.console.err(text)
    }
}
