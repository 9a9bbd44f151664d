import CaseDevAPI
import Foundation

/// When each kind of poll is next due, what is in flight, and how the API has been answering.
/// Owns the back-off and the stretching of the interval while nothing changes.
public struct PollScheduler: Sendable {
    public static let maxBackoff: TimeInterval = 60
    public static let maxRetryAfter: TimeInterval = 300

    public var inFlight: Set<RequestKey> = []
    public var connection = Connection()
    public var nextRunsPoll: Date
    public var nextAgentsPoll: Date
    /// After a details failure: no details request before then.
    public var nextDetailsPoll: Date?
    /// No guard check of a run that is not selected before then.
    public var nextGuardCheck = Date.distantPast
    /// The state of the runs and of what is known of their costs at which every loaded
    /// finished run's cost was known (`Polling.backfillWanted` need not look again until it changes).
    var costsKnown: Polling.CostsKey?
    /// The quota the server last reported (unknown when it never said).
    public var quota: RateLimit?
    /// No details request for the selected run before then, while the quota is short.
    public var nextDetailsUnderQuota = Date.distantPast
    /// A refresh was asked for while the list request was in flight: poll again when it lands.
    public var pollAgain = false
    /// List polls in a row that changed nothing while nothing was queued or running.
    public var quietPolls = 0
    /// The events stream that is open (at most one: the selected run's), and the token its events carry.
    public var stream: OpenStream?
    private var lastToken = 0

    public struct OpenStream: Sendable, Hashable {
        public var runId: String
        public var token: Int
    }

    /// Records a new stream for `runId`; its events will carry the returned token.
    mutating func openStream(_ runId: String) -> Int {
        lastToken += 1
        stream = OpenStream(runId: runId, token: lastToken)
        return lastToken
    }

    public init(now: Date) {
        nextRunsPoll = now
        nextAgentsPoll = now
    }

    /// A details or cost read is in flight (one at a time).
    public var detailsInFlight: Bool {
        inFlight.contains { switch $0 { case .details, .cost: true; default: false } }
    }

    /// Runs the token back-fill passes over until a time: their read failed, or their details
    /// said they had not ended when the list said they had. Each try doubles the wait (up to a
    /// minute), and the back-fill goes on with the other runs meanwhile.
    public var costRetry: [String: CostRetry] = [:]

    public struct CostRetry: Sendable, Hashable {
        public var at: Date
        public var tries: Int
    }

    mutating func deferCost(_ id: String, at: Date, interval: TimeInterval) {
        let tries = (costRetry[id]?.tries ?? 0) + 1
        costRetry[id] = CostRetry(at: at.addingTimeInterval(Self.backoff(interval: interval, failures: tries, retryAfter: nil)), tries: tries)
    }

    /// The list interval in force: the configured one, stretched (up to 4×, at most 30 s) while
    /// nothing runs and nothing changes.
    public func effectiveInterval(_ interval: TimeInterval) -> TimeInterval {
        let factor: Double = quietPolls >= 10 ? 4 : quietPolls >= 5 ? 2 : 1
        return max(interval, min(interval * factor, 30))
    }

    /// Under a tenth of the quota left: the seconds between requests that make the rest last
    /// until the reset. nil when the quota is fine or unknown.
    public func quotaSpacing(now: Date) -> TimeInterval? {
        guard let q = quota, q.fractionLeft < 0.1, let reset = q.resetAt, reset > now else { return nil }
        return reset.timeIntervalSince(now) / Double(max(1, q.remaining))
    }

    /// Half the quota or more is used: background work (token back-fill) waits.
    public func quotaUnderPressure(now: Date) -> Bool {
        guard let q = quota, let reset = q.resetAt, reset > now else { return false }
        return q.fractionLeft < 0.5
    }

    public static func backoff(interval: TimeInterval, failures: Int, retryAfter: TimeInterval?) -> TimeInterval {
        let base = min(maxBackoff, interval * pow(2, Double(max(0, failures - 1))))
        return max(base, min(retryAfter ?? 0, maxRetryAfter))
    }

    mutating func refreshNow(_ now: Date) {
        nextRunsPoll = now
        if inFlight.contains(.runs) { pollAgain = true }
        nextDetailsPoll = nil
        connection.retryAt = nil
    }

    /// A key press: the user is looking, so a stretched list poll comes within one normal interval.
    mutating func userActed(now: Date, interval: TimeInterval) {
        quietPolls = 0
        guard !connection.isFailing else { return }
        nextRunsPoll = min(nextRunsPoll, now.addingTimeInterval(interval))
    }

    mutating func runsAnswered(at: Date, quiet: Bool, interval: TimeInterval) {
        inFlight.remove(.runs)
        connection = Connection()
        connection.lastSuccess = at
        quietPolls = quiet ? quietPolls + 1 : 0
        // With the quota short, the list keeps its share of what is left: first.
        let spacing = max(effectiveInterval(interval), quotaSpacing(now: at) ?? 0)
        nextRunsPoll = pollAgain ? at : at.addingTimeInterval(spacing)
        pollAgain = false
    }

    mutating func runsFailed(_ error: CaseDevError, message: String, at: Date, interval: TimeInterval) {
        inFlight.remove(.runs)
        connection.failures += 1
        connection.lastError = message
        connection.serverAskedToWait = error.retryAfter != nil
        let retry = at.addingTimeInterval(Self.backoff(interval: interval, failures: connection.failures, retryAfter: error.retryAfter))
        connection.retryAt = retry
        nextRunsPoll = retry
    }

    /// Another request succeeded while the list was backing off: the server is back, so the
    /// list need not wait out a back-off grown during a long outage (unless the server itself
    /// asked for the wait).
    mutating func serverAnswered(at: Date) {
        guard connection.isFailing, !connection.serverAskedToWait, !inFlight.contains(.runs) else { return }
        nextRunsPoll = min(nextRunsPoll, at)
        connection.retryAt = nextRunsPoll
    }
}
