import CaseDevAPI
import Foundation
import RunFollow

/// Prints a run's logs, and with `follow` keeps printing what is added until the run ends. The
/// following is the dashboard's own `RunFollower` (events stream with resume, fallback to
/// polling, reconciliation, merge); this only does its I/O: opens the events stream, fetches the
/// details when the follower says they are due, and prints the lines each update added.
struct LogFollow {
    var runId: String
    var printer: LogPrinter
    /// Lines of the backlog printed before following (nil: all).
    var tail: Int?
    var follow: Bool
    /// Lines kept per stream while following; only new lines are printed, so this bounds memory.
    var maxLines = 100_000

    /// Signals the follow loop waits for.
    private enum Signal: Sendable {
        case events([RunEvent])
        case closed(CaseDevError?)
        case tick
    }

    /// Prints, and returns the follower as it ended (its status, details and logs).
    func run(_ ctx: ScriptContext) async throws -> RunFollower {
        var printer = self.printer
        var follower = RunFollower(runId: runId, maxLines: maxLines)
        let first = try await ctx.client.runDetails(runId, logs: follower.logsWanted)
        _ = follower.step(.read(first, at: ctx.now()))
        if let stream = printer.stream, follower.logs.streams[stream] == nil, !follow || follower.isEnded {
            let has = follower.logs.names.map { UntrustedText.line($0) }.joined(separator: ", ")
            throw ScriptExit(ExitStatus.api, "run \(UntrustedText.line(runId)) has no log stream \"\(UntrustedText.line(stream))\" (it has: \(has.isEmpty ? "none" : has))")
        }
        var backlog = printer.lines(of: follower.logs)
        if let tail { backlog = Array(backlog.suffix(tail)) }
        ctx.console.out(try printer.render(backlog, ctx.console))
        guard follow, !follower.final else { return follower }

        let (signals, sink) = AsyncStream.makeStream(of: Signal.self)
        let interval = ctx.pollInterval
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(max(0.05, interval / 2)))
                sink.yield(.tick)
            }
        }
        defer { ticker.cancel() }
        var stream: Task<Void, Never>?
        defer { stream?.cancel() }
        var failures = 0
        func open(_ follower: inout RunFollower) {
            let after = follower.lastEventId, client = ctx.client, id = runId
            _ = follower.step(.streamOpened(at: ctx.now()))
            stream = Task {
                do {
                    for try await event in client.runEvents(id: id, lastEventId: after) { sink.yield(.events([event])) }
                    sink.yield(.closed(nil))
                } catch is CancellationError {
                } catch {
                    sink.yield(.closed(error as? CaseDevError ?? CaseDevError(kind: .network, message: String(describing: error))))
                }
            }
        }
        func stopStream(_ follower: inout RunFollower) {
            stream?.cancel()
            stream = nil
            _ = follower.step(.streamStopped)
        }

        if follower.wantsStream(now: ctx.now()) { open(&follower) }
        for await signal in signals {
            let now = ctx.now()
            switch signal {
            case .events(let events):
                let update = follower.step(.events(events, at: now))
                try emit(update, follower, &printer, ctx)
            case .closed(let error):
                stream = nil
                _ = follower.step(.streamClosed(error, at: now))
            case .tick:
                break
            }
            if follower.checkQuiet(now: now, interval: interval), stream != nil { stopStream(&follower) }
            if stream == nil, follower.wantsStream(now: now) { open(&follower) }
            if let due = follower.detailsDue(interval: interval), now >= due {
                do {
                    // Only what is new of the logs is kept while the answer is read.
                    let read = try await ctx.client.runDetails(runId, logs: follower.logsWanted)
                    failures = 0
                    let update = follower.step(.read(read, at: ctx.now()))
                    try emit(update, follower, &printer, ctx)
                } catch let error as CaseDevError {
                    failures += 1
                    // The client already retried; a few failed rounds in a row mean the API is gone.
                    if failures >= 5 || !error.isRetryable { throw error }
                }
            }
            if follower.final { break }
        }
        return follower
    }

    private func emit(_ update: RunFollower.Update, _ follower: RunFollower, _ printer: inout LogPrinter, _ ctx: ScriptContext) throws {
        for (name, change) in update.logs.streams where change == .rewritten && (printer.stream == nil || printer.stream == name) {
            ctx.console.warn("the server rewrote the log of stream \(UntrustedText.line(name)); lines from here on are new")
        }
        let lines = printer.added(update.logs, in: follower.logs)
        if !lines.isEmpty { ctx.console.out(try printer.render(lines, ctx.console)) }
    }
}
