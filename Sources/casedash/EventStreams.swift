import CaseDevAPI
import DashCore
import Foundation
import Logging
import NIOCore

/// The open events streams (the dashboard keeps at most one: the selected run's), by token.
/// Events reach the core in batches, at most one per 50 ms (`BatchPacing`), so a run that logs
/// thousands of lines a second costs one update per batch, not one per line.
final class EventStreams: @unchecked Sendable {
    static let batchWindow: TimeInterval = 0.05
    /// A replay from the start of a long run arrives far faster than one batch a window: at
    /// this many events the batch goes at once, so what waits is bounded (each event is a
    /// decoded JSON object of about a kilobyte).
    static let batchLimit = 512

    private let lock = NSLock()
    private var tasks: [Int: Task<Void, Never>] = [:]

    func start(token: Int, runId: String, after: Int?, client: CaseDevClient, logger: Logger,
               send: @escaping @Sendable (DashEvent) -> Void) {
        let task = Task.detached {
            let batch = Batch(token: token, runId: runId, send: send)
            var failure: CaseDevError?
            do {
                for try await event in client.runEvents(id: runId, lastEventId: after) { await batch.add(event) }
            } catch is CancellationError {
            } catch {
                failure = error as? CaseDevError ?? CaseDevError(kind: .network, message: String(describing: error))
                logger.info("events of \(runId) ended: \(failure!.description)")
            }
            await batch.flush()
            if !Task.isCancelled { send(.eventsClosed(token: token, runId: runId, failure, at: Date())) }
            self.finished(token)
        }
        lock.withLock { tasks[token] = task }
    }

    func stop(token: Int) {
        let task = lock.withLock { tasks.removeValue(forKey: token) }
        task?.cancel()
    }

    /// Closes every stream (the context changed).
    func stopAll() {
        let all = lock.withLock { let t = tasks; tasks = [:]; return t }
        all.values.forEach { $0.cancel() }
    }

    private func finished(_ token: Int) { _ = lock.withLock { tasks.removeValue(forKey: token) } }

    /// Events gathered for up to one batch window, then sent together.
    private actor Batch {
        let token: Int
        let runId: String
        let send: @Sendable (DashEvent) -> Void
        private var pending: [RunEvent] = []
        private var scheduled = false
        private var pacing = BatchPacing(window: EventStreams.batchWindow)

        init(token: Int, runId: String, send: @escaping @Sendable (DashEvent) -> Void) {
            self.token = token; self.runId = runId; self.send = send
        }

        func add(_ event: RunEvent) {
            pending.append(event)
            if pending.count >= EventStreams.batchLimit { flush(); return }
            guard !scheduled else { return }
            guard let wait = pacing.wait(now: Date()) else { flush(); return }
            scheduled = true
            // A timer of the loop, not Task.sleep: with NIO as the global executor a sleeping
            // task is timed by libdispatch, which wakes two more threads for every batch.
            DashActor.loop.scheduleTask(in: .microseconds(Int64((wait * 1_000_000).rounded(.up)))) { Task { await self.windowEnded() } }
        }

        private func windowEnded() {
            scheduled = false
            flush()
        }

        func flush() {
            guard !pending.isEmpty else { return }
            let now = Date()
            send(.runEvents(token: token, runId: runId, pending, at: now))
            pending = []
            pacing.sent(at: now)
        }
    }
}

/// When a batch of events goes: at once when none went for a window (a run that logs a line now
/// and then shows each line at once, and no timer wakes the loop for it), else when the window
/// since the last one ends (a run that logs thousands of lines a second costs one update per
/// window).
struct BatchPacing {
    let window: TimeInterval
    private(set) var lastSent: Date?

    init(window: TimeInterval) { self.window = window }

    /// nil: send now; else how long to wait.
    func wait(now: Date) -> TimeInterval? {
        guard let last = lastSent else { return nil }
        let since = now.timeIntervalSince(last)
        return since >= window || since < 0 ? nil : window - since
    }

    mutating func sent(at date: Date) { lastSent = date }
}
