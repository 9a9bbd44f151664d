import CaseDevAPI
import CaseDevEmulator
import Foundation
import Synchronization

/// An emulator on a free loopback port and a client pointed at it.
struct Harness {
    let emulator: Emulator
    let client: CaseDevClient
    let requests: RequestLog
    /// Every answer the emulator finished sending, with its bytes on the wire.
    let sent: SentLog

    static func start(speed: Double = 20, seed: UInt64 = 7, demo: Bool = false, demoRuns: Int = 300, sseEventsPerConnection: Int? = nil,
                      retry: RetryPolicy = RetryPolicy(maxRetries: 2, baseDelay: 0.05, maxDelay: 0.2),
                      key: String = "sk_case_test", compression: Bool = true, events: Bool = true) async throws -> Harness {
        var options = EmulatorOptions(speed: speed, seed: seed, demoData: demo, allowInsecureCallbacks: true,
                                      heartbeatInterval: 0.5, demoRunCount: demoRuns,
                                      sseEventsPerConnection: sseEventsPerConnection)
        options.compression = compression
        options.events = events
        let sent = SentLog()
        let emulator = Emulator(options: options, onResponse: { sent.add($0) })
        let url = try await emulator.start()
        let log = RequestLog()
        let client = CaseDevClient(configuration: ClientConfiguration(baseURL: url, apiKey: APIKey(key), requestTimeout: 10,
                                                                       retry: retry),
                                   onRequest: { method, path in log.add("\(method) \(path)") })
        return Harness(emulator: emulator, client: client, requests: log, sent: sent)
    }

    func agent(_ name: String = "Tester") async throws -> Agent {
        try await client.createAgent(CreateAgentRequest(name: name, instructions: "Be precise."))
    }

    /// Polls until the run reaches a terminal status (bounded).
    func waitUntilFinished(_ id: String, seconds: Double = 20) async throws -> RunStatusInfo {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let s = try await client.runStatus(id)
            if s.status.isTerminal { return s }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CaseDevError(kind: .timedOut, message: "run \(id) did not finish in \(seconds)s")
    }
}

final class RequestLog: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
    func count(_ prefix: String) -> Int { all.filter { $0.hasPrefix(prefix) }.count }
}

final class SentLog: Sendable {
    private let items = Mutex<[SentResponse]>([])
    func add(_ item: SentResponse) { items.withLock { $0.append(item) } }
    var all: [SentResponse] { items.withLock { $0 } }
}
