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
    static let limitPerMinute = 600

    init(options: EmulatorOptions, onRequest: (@Sendable (String) -> Void)? = nil) {
        self.onRequest = onRequest
        state = Mutex(State(rng: SeededRandom(seed: options.seed, stream: 31_337)))
        faultRate = options.faultRate
        rateLimitRate = options.rateLimitRate
        latencyMs = options.latencyMs
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

    /// Fixed one-minute window, reported in the documented `x-ratelimit-*` headers.
    func rateLimitHeaders(now: Date = Date()) -> [(String, String)] {
        state.withLock { s in
            if now.timeIntervalSince(s.windowStart) >= 60 { s.windowStart = now; s.windowCount = 0 }
            s.windowCount += 1
            let reset = max(1, Int((60 - now.timeIntervalSince(s.windowStart)).rounded(.up)))
            return [("x-ratelimit-limit-requests", String(Self.limitPerMinute)),
                    ("x-ratelimit-remaining-requests", String(max(0, Self.limitPerMinute - s.windowCount))),
                    ("x-ratelimit-reset-requests", "\(reset)s"),
                    ("x-ratelimit-tier", "tier_1")]
        }
    }
}
