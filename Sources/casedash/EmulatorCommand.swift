import ArgumentParser
import CaseDevEmulator
import Foundation

/// `casedash emulator`: serve the emulated case.dev API until SIGINT or SIGTERM.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Serve an emulator of the case.dev Agent API (for demos, tests and SDKs).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(help: "Simulation speed: 10 makes runs finish ten times sooner.") var speed = 1.0
    @Option(help: "Seed for ids, durations and outcomes.") var seed: UInt64 = 42
    @Option(name: .customLong("api-key"), help: "Also accept this exact key (any sk_case_… key is accepted).")
    var apiKey: String?
    @Flag(name: .customLong("demo-data"), help: "Create demo agents, a few hundred runs, and keep new runs arriving.")
    var demoData = false
    @Option(name: .customLong("fault-rate"), help: "Probability (0-1) that a request answers 500.") var faultRate = 0.0
    @Option(name: .customLong("rate-limit-rate"), help: "Probability (0-1) that a request answers 429.") var rateLimitRate = 0.0
    @Option(name: .customLong("latency-ms"), help: "Latency added to every request.") var latencyMs = 0
    @Flag(name: .customLong("allow-insecure-callbacks"), help: "Allow http:// loopback callback URLs (tests).")
    var allowInsecureCallbacks = false
    @Option(name: .customLong("demo-runs"), help: "With --demo-data: how many historic runs to create.") var demoRuns = 300
    @Flag(name: .customLong("log-requests"),
          help: "Print one line per answer once sent: method, route, status, body bytes on the wire, encoding.")
    var logRequests = false
    @Option(help: "Requests a minute; past it, answers are 429 (with Retry-After) until the minute's window resets.")
    var quota: Int?
    @Flag(name: .customLong("no-compression"), help: "Never compress answers, whatever Accept-Encoding says.")
    var noCompression = false
    @Flag(name: .customLong("no-events"), help: "Answer 404 on GET /run/{id}/events, as a server without the endpoint.")
    var noEvents = false
    @Flag(help: "Answer with hostile data: escapes, controls, bidi, huge text, wrong types, truncated JSON, bad numbers.")
    var hostile = false
    @Flag(name: .customLong("hostile-sane-numbers"), help: "With --hostile: keep numbers small (test the text alone).")
    var hostileSaneNumbers = false

    func validate() throws {
        guard speed > 0 else { throw ValidationError("--speed must be positive") }
        guard (0...1).contains(faultRate), (0...1).contains(rateLimitRate) else {
            throw ValidationError("--fault-rate and --rate-limit-rate are probabilities between 0 and 1")
        }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0-65535") }
        guard (0...1_000_000).contains(demoRuns) else { throw ValidationError("--demo-runs must be 0-1000000") }
    }

    func run() async throws {
        var options = EmulatorOptions(
            host: host, port: port, speed: speed, seed: seed, apiKey: apiKey, demoData: demoData,
            faultRate: faultRate, rateLimitRate: rateLimitRate, latencyMs: latencyMs,
            allowInsecureCallbacks: allowInsecureCallbacks, demoRunCount: demoRuns,
            hostile: hostile || hostileSaneNumbers, hostileSaneNumbers: hostileSaneNumbers)
        options.quota = quota
        options.compression = !noCompression
        options.events = !noEvents
        let emulator = Emulator(options: options, onResponse: logRequests ? Self.printResponse : nil)
        let url = try await emulator.start()
        print("listening on \(url.absoluteString)")
        fflush(nil)
        await SignalWaiter.wait(for: [SIGINT, SIGTERM])
        await emulator.stop()
    }
}

extension EmulatorCommand {
    /// `request GET /agent/v1/run/:id/details 200 48213 gzip`; streams are printed when they close.
    @Sendable static func printResponse(_ r: SentResponse) {
        print("request \(r.method) \(r.route) \(r.status) \(r.bodyBytes) \(r.encoding ?? "-")")
        fflush(nil)
    }
}

enum SignalWaiter {
    /// Suspends until one of the signals arrives (their default action is replaced meanwhile).
    static func wait(for signals: [Int32]) async {
        let (stream, sink) = AsyncStream.makeStream(of: Int32.self)
        let sources = signals.map { sig -> any DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { sink.yield(sig) }
            source.resume()
            return source
        }
        for await _ in stream { break }
        sources.forEach { $0.cancel() }
    }
}
