import Foundation
import Synchronization

/// Knobs shared by the middleware and the in-process owner of the emulator: scripted faults for
/// tests, random faults from the options, the request hook, the rate-limit window.
public final class EmulatorControl: Sendable {
    public enum Fault: Sendable, Hashable {
        /// Answer with this status (429 carries `Retry-After`, in seconds, when given).
        case status(Int, retryAfter: Int? = nil)
    }

    struct State {
        var scripted: [Fault] = []
        var windowStart = Date()
        var windowCount = 0
        var rng: SeededRandom
    }

    private let state: Mutex<State>
    let faultRate: Double
    let rateLimitRate: Double
    let latencyMs: Int
    let onRequest: (@Sendable (String) -> Void)?
    static let defaultLimitPerMinute = 600
    /// Requests a minute; with `enforced`, the ones past it are answered 429 until the window resets.
    let limitPerMinute: Int
    let enforced: Bool

    init(options: EmulatorOptions, onRequest: (@Sendable (String) -> Void)? = nil) {
        self.onRequest = onRequest
        state = Mutex(State(rng: SeededRandom(seed: options.seed, stream: 31_337)))
        faultRate = options.faultRate
        rateLimitRate = options.rateLimitRate
        latencyMs = options.latencyMs
        limitPerMinute = options.quota ?? Self.defaultLimitPerMinute
        enforced = options.quota != nil
    }

    /// The next API requests answer with these faults, in order.
    public func inject(_ faults: [Fault]) { state.withLock { $0.scripted.append(contentsOf: faults) } }

    func record(_ route: String) { onRequest?(route) }

    func nextFault() -> Fault? {
        state.withLock { s in
            if !s.scripted.isEmpty { return s.scripted.removeFirst() }
            if rateLimitRate > 0, s.rng.chance(rateLimitRate) { return .status(429, retryAfter: 1) }
            if faultRate > 0, s.rng.chance(faultRate) { return .status(500) }
            return nil
        }
    }

    /// Counts a request in the fixed one-minute window; returns the documented `x-ratelimit-*`
    /// headers, and the seconds to wait when the quota (`--quota`) is used up.
    func admit(now: Date = Date()) -> (headers: [(String, String)], wait: Int?) {
        state.withLock { s in
            if now.timeIntervalSince(s.windowStart) >= 60 { s.windowStart = now; s.windowCount = 0 }
            s.windowCount += 1
            let reset = max(1, Int((60 - now.timeIntervalSince(s.windowStart)).rounded(.up)))
            let headers = [("x-ratelimit-limit-requests", String(limitPerMinute)),
                           ("x-ratelimit-remaining-requests", String(max(0, limitPerMinute - s.windowCount))),
                           ("x-ratelimit-reset-requests", "\(reset)s"),
                           ("x-ratelimit-tier", "tier_1")]
            return (headers, enforced && s.windowCount > limitPerMinute ? reset : nil)
        }
    }
}
