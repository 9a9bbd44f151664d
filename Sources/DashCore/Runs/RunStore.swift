import CaseDevAPI
import Foundation
import RunFollow
import RunUsage

/// What the dashboard keeps about runs: a follower (details and logs) for recent runs (an LRU),
/// the usage of finished runs after their follower is evicted, the runs already executed, and
/// the runs the server no longer knows.
public struct RunStore: Sendable {
    static let followerLimit = 32
    /// Left open for days, the dashboard sees thousands of runs come and go: what is kept about
    /// runs no longer listed is forgotten once there is a lot of it (not before, so switching
    /// filters back and forth does not fetch the same finished runs again).
    static let rememberedRunLimit = 2_000

    public private(set) var followers: [String: RunFollower] = [:]
    private var order: [String] = []
    /// Tokens and cost of finished runs, kept after their follower is evicted.
    public var usage: [String: Usage] = [:]
    /// What finished runs cost, from the on-disk usage cache and from details seen here: the
    /// totals cover every loaded run they know, at once on the next start.
    public private(set) var records: [String: UsageRecord] = [:]
    /// Runs for which an exec was sent: a second press must not send another.
    public var execSent: Set<String> = []
    /// Runs whose details answered 404: never asked for again.
    public private(set) var gone: Set<String> = []
    /// The last details failure, by run, shown in the detail pane while it lasts.
    public private(set) var detailsError: [String: String] = [:]
    /// Watcher URLs registered from here, by run (the details may not say).
    public private(set) var watchers: [String: String] = [:]
    /// Changes whenever token figures may have; the run list's memo keys on it.
    public private(set) var usageVersion = 0

    public init() {}

    public func tokens(_ runId: String) -> Int? { usageOf(runId).map(\.totalTokens) ?? records[runId]?.totalTokens }

    /// The usage figures of a run as the totals count them.
    public func record(for run: RunSummary) -> UsageRecord? {
        records[run.id] ?? usageOf(run.id).map { UsageRecord(run: run, usage: $0) }
    }

    /// Knows what the run cost (so it need not be fetched for its tokens). Details read while
    /// the run was still going do not count: their usage grew after them.
    public func knowsUsage(_ runId: String) -> Bool {
        usage[runId] != nil || records[runId] != nil || details(runId)?.status.isTerminal == true
    }

    mutating func remember(_ more: [UsageRecord]) {
        for r in more { records[r.runId] = r }
        usageVersion += 1
    }

    public func usageOf(_ runId: String) -> Usage? { followers[runId]?.details?.usage ?? usage[runId] }

    public func details(_ runId: String) -> RunDetails? { followers[runId]?.details }

    /// Feeds one input to a run's follower (made on first use); `selected` is never evicted.
    mutating func step(_ runId: String, _ input: RunFollower.Input, logLimit: Int, keep selected: String?) -> RunFollower.Update {
        var follower = followers[runId] ?? RunFollower(runId: runId, maxLines: logLimit)
        let update = follower.step(input)
        followers[runId] = follower
        touch(runId, keep: selected)
        let read: RunDetails? = switch input {
        case .details(let d, _): d
        case .read(let r, _): r.details
        default: nil
        }
        if let d = read {
            detailsError[runId] = nil
            if d.status.isTerminal, let u = d.usage { usage[runId] = u }
            usageVersion += 1
        } else if case .events(let events, _) = input, events.contains(where: { $0.type == "usage" }) {
            usageVersion += 1  // a live run's tokens moved
        }
        return update
    }

    /// A run's cost read (the token back-fill), kept without a follower once the run has ended.
    mutating func costRead(_ cost: RunCost) {
        detailsError[cost.run.id] = nil
        guard cost.run.status.isTerminal else { return }
        usage[cost.run.id] = cost.usage ?? Usage()
        usageVersion += 1
    }

    /// Lets a follower decide on the clock (a quiet stream falls back to polling).
    mutating func checkQuiet(_ runId: String, now: Date, interval: TimeInterval) -> Bool {
        guard var follower = followers[runId], follower.checkQuiet(now: now, interval: interval) else { return false }
        followers[runId] = follower
        return true
    }

    private mutating func touch(_ id: String, keep selected: String?) {
        order.removeAll { $0 == id }
        order.append(id)
        while order.count > Self.followerLimit, let victim = order.first(where: { $0 != selected }) {
            order.removeAll { $0 == victim }
            followers[victim] = nil
        }
    }

    mutating func watched(_ runId: String, url: String) { watchers[runId] = url }

    mutating func detailsFailed(_ runId: String, message: String, notFound: Bool) {
        detailsError[runId] = message
        if notFound { gone.insert(runId) }
    }

    mutating func pruneForgotten(listed: Set<String>) {
        guard usage.count > Self.rememberedRunLimit || execSent.count > Self.rememberedRunLimit
            || records.count > Self.rememberedRunLimit
            || gone.count > Self.rememberedRunLimit else { return }
        usage = usage.filter { listed.contains($0.key) }
        records = records.filter { listed.contains($0.key) }
        execSent = execSent.filter { listed.contains($0) }
        gone = gone.filter { listed.contains($0) }
        detailsError = detailsError.filter { listed.contains($0.key) }
    }
}
