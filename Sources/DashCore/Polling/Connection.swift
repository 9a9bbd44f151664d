import Foundation

/// How the last list polls went: what the header and footer say about the API.
public struct Connection: Sendable, Hashable {
    public var lastSuccess: Date?
    public var lastError: String?
    public var failures = 0
    public var retryAt: Date?
    /// The server asked for this wait (429 / Retry-After): another request's success does not cut it short.
    public var serverAskedToWait = false
    public init() {}
    public var isFailing: Bool { failures > 0 }
}
