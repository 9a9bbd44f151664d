import CaseDevAPI
import Foundation

/// Everything known about one run beyond its list row; finished runs never change, so their
/// entry is kept and never fetched again (within the cache bound).
public struct RunCache: Sendable, Hashable {
    /// The details as last fetched, without their logs (those live once, in `logs`).
    public var details: RunDetails
    public var logs: [String: LogBuffer]
    public var fetchedAt: Date

    public var streams: [String] { LogStreams.ordered(logs.keys) }
}

/// What the dashboard keeps about runs: details of recent runs (an LRU), the usage of finished
/// runs after their details are evicted, the runs already executed, and the runs the server
/// no longer knows.
public struct RunStore: Sendable {
    static let cacheLimit = 32
    /// Left open for days, the dashboard sees thousands of runs come and go: what is kept about
    /// runs no longer listed is forgotten once there is a lot of it (not before, so switching
    /// filters back and forth does not fetch the same finished runs again).
    static let rememberedRunLimit = 2_000

    public private(set) var caches: [String: RunCache] = [:]
    private var cacheOrder: [String] = []
    /// Tokens and cost of finished runs, kept after their cache entry is evicted.
    public var usage: [String: Usage] = [:]
    /// Runs for which an exec was sent: a second press must not send another.
    public var execSent: Set<String> = []
    /// Runs whose details answered 404: never asked for again.
    public private(set) var gone: Set<String> = []
    /// The last details failure, by run, shown in the detail pane while it lasts.
    public private(set) var detailsError: [String: String] = [:]
    /// Changes whenever token figures may have; the run list's memo keys on it.
    public private(set) var usageVersion = 0

    public init() {}

    public func tokens(_ runId: String) -> Int? { usageOf(runId).map(\.totalTokens) }

    public func usageOf(_ runId: String) -> Usage? { caches[runId]?.details.usage ?? usage[runId] }

    /// Takes a details answer; returns what changed in each log stream.
    mutating func ingest(_ details: RunDetails, at: Date, logLimit: Int, keep selected: String?) -> [String: LogBuffer.Change] {
        var entry = caches[details.id] ?? RunCache(details: details, logs: [:], fetchedAt: at)
        var changes: [String: LogBuffer.Change] = [:]
        for (stream, text) in details.result?.logs ?? [:] {
            var buffer = entry.logs[stream] ?? LogBuffer(maxLines: logLimit)
            changes[stream] = buffer.update(text)
            entry.logs[stream] = buffer
        }
        var stripped = details
        stripped.result?.logs = nil
        entry.details = stripped
        entry.fetchedAt = at
        caches[details.id] = entry
        detailsError[details.id] = nil
        touch(details.id, keep: selected)
        if details.status.isTerminal, let u = details.usage { usage[details.id] = u }
        usageVersion += 1
        return changes
    }

    private mutating func touch(_ id: String, keep selected: String?) {
        cacheOrder.removeAll { $0 == id }
        cacheOrder.append(id)
        while cacheOrder.count > Self.cacheLimit, let victim = cacheOrder.first(where: { $0 != selected }) {
            cacheOrder.removeAll { $0 == victim }
            caches[victim] = nil
        }
    }

    mutating func detailsFailed(_ runId: String, message: String, notFound: Bool) {
        detailsError[runId] = message
        if notFound { gone.insert(runId) }
    }

    mutating func pruneForgotten(listed: Set<String>) {
        guard usage.count > Self.rememberedRunLimit || execSent.count > Self.rememberedRunLimit
            || gone.count > Self.rememberedRunLimit else { return }
        usage = usage.filter { listed.contains($0.key) }
        execSent = execSent.filter { listed.contains($0) }
        gone = gone.filter { listed.contains($0) }
        detailsError = detailsError.filter { listed.contains($0.key) }
    }
}
