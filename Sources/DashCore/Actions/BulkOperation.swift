/// One action over several marked runs: each run is sent once, and when every answer is in,
/// one message says how it went ("cancelled 7, 2 already finished, 1 failed: …").
public struct BulkOperation: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case cancel = "cancelled"
        case execute = "started"
    }

    public let kind: Kind
    public private(set) var pending: Set<String>
    public private(set) var succeeded = 0
    /// Runs that were not sent: already finished (cancel) or not queued (execute).
    public let skipped: Int
    public private(set) var failures: [String] = []

    init(kind: Kind, sent: Set<String>, skipped: Int) {
        self.kind = kind
        pending = sent
        self.skipped = skipped
    }

    public var isDone: Bool { pending.isEmpty }

    /// Takes the answer for one run; false when the run is not part of this operation.
    mutating func answered(_ runId: String, failure: String?) -> Bool {
        guard pending.remove(runId) != nil else { return false }
        if let failure { failures.append("\(Format.shortId(runId)) \(failure)") } else { succeeded += 1 }
        return true
    }

    public var summary: String {
        var parts = ["\(kind.rawValue) \(succeeded)"]
        if skipped > 0 { parts.append(kind == .cancel ? "\(skipped) already finished" : "\(skipped) not queued") }
        if !failures.isEmpty { parts.append("\(failures.count) failed: " + failures.joined(separator: "; ")) }
        return parts.joined(separator: ", ")
    }
}
