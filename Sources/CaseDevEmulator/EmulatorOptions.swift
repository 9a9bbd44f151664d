import Foundation

public struct EmulatorOptions: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// Divides every simulated duration: 10 makes a 30 s run take 3 s.
    public var speed: Double
    public var seed: UInt64
    /// Accepted in addition to any `sk_case_…` key.
    public var apiKey: String?
    /// Seed agents and a few hundred historic runs, and keep new runs arriving.
    public var demoData: Bool
    /// Probability that an API request answers 500.
    public var faultRate: Double
    /// Probability that an API request answers 429 with `Retry-After`.
    public var rateLimitRate: Double
    /// Added to every API request.
    public var latencyMs: Int
    /// Lets `watch`/`callbackUrl` use plain http to loopback (tests only; the real API wants https).
    public var allowInsecureCallbacks: Bool
    /// Seconds between SSE heartbeats.
    public var heartbeatInterval: Double
    /// How many historic runs `demoData` creates.
    public var demoRunCount: Int
    /// Close each SSE connection after this many events (tests of client reconnects).
    public var sseEventsPerConnection: Int?
    /// Requests a minute past which answers are 429 until the window resets (`--quota`); nil: no limit.
    public var quota: Int?
    /// Compress JSON answers of 1 KB and more for clients that send `Accept-Encoding`.
    public var compression = true
    /// Serve `GET /run/{id}/events`; off, it answers 404 as a server without the endpoint would.
    public var events = true
    /// Serve `HostileData` (escapes, controls, bidi, huge text, wrong types, truncated JSON)
    /// instead of the simulation, to test what the dashboard lets through.
    public var hostile: Bool
    /// With `hostile`: keep every number small, so the text checks can run while numbers that
    /// trap are being fixed.
    public var hostileSaneNumbers: Bool

    public init(host: String = "127.0.0.1", port: Int = 0, speed: Double = 1, seed: UInt64 = 42,
                apiKey: String? = nil, demoData: Bool = false, faultRate: Double = 0, rateLimitRate: Double = 0,
                latencyMs: Int = 0, allowInsecureCallbacks: Bool = false, heartbeatInterval: Double = 15,
                demoRunCount: Int = 300, sseEventsPerConnection: Int? = nil, hostile: Bool = false,
                hostileSaneNumbers: Bool = false) {
        self.hostile = hostile; self.hostileSaneNumbers = hostileSaneNumbers
        self.sseEventsPerConnection = sseEventsPerConnection
        self.host = host; self.port = port; self.speed = max(speed, 0.01); self.seed = seed; self.apiKey = apiKey
        self.demoData = demoData; self.faultRate = faultRate; self.rateLimitRate = rateLimitRate
        self.latencyMs = latencyMs; self.allowInsecureCallbacks = allowInsecureCallbacks
        self.heartbeatInterval = heartbeatInterval; self.demoRunCount = demoRunCount
    }
}
