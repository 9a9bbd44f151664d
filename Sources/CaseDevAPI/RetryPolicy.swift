import Foundation

/// When and how long to wait before repeating a safe request.
public struct RetryPolicy: Sendable, Hashable {
    public var maxRetries: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval

    public static let standard = RetryPolicy(maxRetries: 2, baseDelay: 0.5, maxDelay: 8)
    public static let none = RetryPolicy(maxRetries: 0, baseDelay: 0.5, maxDelay: 8)

    public init(maxRetries: Int, baseDelay: TimeInterval, maxDelay: TimeInterval) {
        self.maxRetries = maxRetries; self.baseDelay = baseDelay; self.maxDelay = maxDelay
    }

    /// Delay before retry number `retriesDone + 1`: the server's wish when it stated one,
    /// else `min(base·2^n, max)` reduced by up to 25 % jitter (`jitter` in 0..<1).
    public func delay(retriesDone: Int, serverRetryAfter: TimeInterval?, jitter: Double) -> TimeInterval {
        if let wish = serverRetryAfter, wish >= 0 { return wish }
        let raw = min(baseDelay * pow(2, Double(retriesDone)), maxDelay)
        return raw * (1 - 0.25 * min(max(jitter, 0), 1))
    }

    /// The longest wait a server may ask for. `Task.sleep` and `Duration` trap on an infinite or
    /// huge number of seconds, and `Retry-After: 1e400` parses as infinity.
    public static let maxServerWait: TimeInterval = 3_600

    /// `retry-after-ms` (float milliseconds) first, then `Retry-After` (seconds or an HTTP date),
    /// at most `maxServerWait`.
    public static func retryAfter(headers: [String: String], now: Date = Date()) -> TimeInterval? {
        func header(_ name: String) -> String? {
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        if let ms = header("retry-after-ms").flatMap(Double.init), ms >= 0 { return min(ms / 1000, maxServerWait) }
        guard let value = header("retry-after")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value), seconds >= 0 { return min(seconds, maxServerWait) }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = f.date(from: value) { return min(max(0, date.timeIntervalSince(now)), maxServerWait) }
        return nil
    }
}
