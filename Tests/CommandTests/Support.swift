import CaseDevAPI
import CaseDevEmulator
import Foundation
import Synchronization
@testable import casedash

/// An emulator on a free loopback port, and a console that captures what a command prints.
struct Harness {
    let emulator: Emulator
    let client: CaseDevClient
    let url: URL
    /// "METHOD /route/:id" of every API request the emulator answered.
    let requests: Requests

    final class Requests: Sendable {
        private let lines = Mutex<[String]>([])
        func add(_ line: String) { lines.withLock { $0.append(line) } }
        func count(_ prefix: String) -> Int { lines.withLock { $0.filter { $0.hasPrefix(prefix) }.count } }
        func reset() { lines.withLock { $0 = [] } }
    }

    static func start(speed: Double = 20, demo: Bool = false, demoRuns: Int = 30) async throws -> Harness {
        let requests = Requests()
        let emulator = Emulator(options: EmulatorOptions(speed: speed, seed: 7, demoData: demo, allowInsecureCallbacks: true,
                                                         heartbeatInterval: 0.5, demoRunCount: demoRuns),
                                onRequest: { requests.add($0) })
        let url = try await emulator.start()
        let client = CaseDevClient(configuration: ClientConfiguration(
            baseURL: url, apiKey: APIKey("sk_case_test"), requestTimeout: 10,
            retry: RetryPolicy(maxRetries: 1, baseDelay: 0.05, maxDelay: 0.1)))
        return Harness(emulator: emulator, client: client, url: url, requests: requests)
    }

    /// Runs a command as `casedash ARGS` would, against this emulator.
    func run(_ arguments: [String], terminal: Bool = false, color: Bool = false, width: Int = 100, stdin: [String]? = nil,
             cacheDirectory: URL? = nil, pollInterval: TimeInterval = 0.2) async throws -> Captured {
        try await Captured.run(arguments, client: client, terminal: terminal, color: color, width: width, stdin: stdin,
                               cacheEndpoint: cacheDirectory == nil ? nil : url.absoluteString,
                               environment: cacheDirectory.map { ["XDG_CACHE_HOME": $0.path] } ?? [:], pollInterval: pollInterval)
    }

    func agent(_ name: String = "Tester") async throws -> Agent {
        try await client.createAgent(CreateAgentRequest(name: name, instructions: "Be precise."))
    }

    /// A queued run, started when `exec`.
    func run(prompt: String, agent: Agent, exec: Bool = true) async throws -> String {
        let id = try await client.createRun(CreateRunRequest(agentId: agent.id, prompt: prompt)).id
        if exec { _ = try await client.execRun(id) }
        return id
    }
}

struct Captured {
    var status: Int32
    var stdout: String
    var stderr: String

    static func run(_ arguments: [String], client: CaseDevClient, terminal: Bool, color: Bool, width: Int, stdin: [String]?,
                    cacheEndpoint: String?, environment: [String: String], pollInterval: TimeInterval) async throws -> Captured {
        let out = Mutex(""), err = Mutex("")
        let input = Mutex(stdin ?? [])
        let console = Console(stdoutIsTerminal: terminal, stderrIsTerminal: terminal, stdinIsTerminal: stdin != nil,
                              color: color, width: width,
                              out: { s in out.withLock { $0 += s } }, err: { s in err.withLock { $0 += s } },
                              readLine: { input.withLock { $0.isEmpty ? nil : $0.removeFirst() } })
        var ctx = ScriptContext(client: client, console: console, environment: environment, cacheEndpoint: cacheEndpoint)
        ctx.pollInterval = pollInterval
        let status: Int32
        do {
            let parsed = try CaseDashCommand.parseAsRoot(arguments)
            guard let command = parsed as? any ScriptCommand else { fatalError("not a scripting command: \(arguments)") }
            status = await Script.execute(command, ctx)
        } catch {
            err.withLock { $0 += CaseDashCommand.fullMessage(for: error) }
            status = ExitStatus.usage
        }
        return Captured(status: status, stdout: out.withLock { $0 }, stderr: err.withLock { $0 })
    }
}
