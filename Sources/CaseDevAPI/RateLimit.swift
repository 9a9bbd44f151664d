import Foundation

/// The quota the server reports on every answer (`x-ratelimit-limit-requests`,
/// `-remaining-requests`, `-reset-requests` such as `45s`; the shorter `x-ratelimit-limit`,
/// `-remaining`, `-reset` are read too). Missing or malformed headers mean "unknown".
public struct RateLimit: Sendable, Hashable {
    public var limit: Int
    public var remaining: Int
    /// When the window resets, if the server said.
    public var resetAt: Date?

    public init(limit: Int, remaining: Int, resetAt: Date?) {
        self.limit = limit; self.remaining = remaining; self.resetAt = resetAt
    }

    /// The fraction of the quota left (0…1).
    public var fractionLeft: Double { limit > 0 ? Double(max(0, remaining)) / Double(limit) : 1 }

    public static func parse(_ headers: [String: String], now: Date) -> RateLimit? {
        // Every answer has a dozen headers and a few of them are these: the others are passed
        // over before anything is lowercased or trimmed (that was a part of every poll's cost).
        var h: [String: String] = [:]
        for (k, v) in headers where isRateLimit(k) { h[k.lowercased()] = v.trimmingCharacters(in: .whitespaces) }
        func value(_ name: String) -> String? { h["x-ratelimit-\(name)-requests"] ?? h["x-ratelimit-\(name)"] }
        guard let limit = value("limit").flatMap(Int.init), limit > 0,
              let remaining = value("remaining").flatMap(Int.init), remaining >= 0 else { return nil }
        return RateLimit(limit: limit, remaining: min(remaining, limit), resetAt: value("reset").flatMap { seconds($0) }.map { now.addingTimeInterval($0) })
    }

    /// The name starts with `x-ratelimit-`, in any case.
    static func isRateLimit(_ name: String) -> Bool {
        let prefix = "x-ratelimit-".utf8
        var it = name.utf8.makeIterator()
        for p in prefix {
            guard let b = it.next(), b | 0x20 == p | 0x20 else { return false }
        }
        return true
    }

    static func seconds(_ text: String) -> TimeInterval? { DurationText.seconds(text).map { min($0, 86_400) } }
}
