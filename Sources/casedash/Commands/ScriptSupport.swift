import ArgumentParser
import CaseDevAPI
import CaseDevEmulator
import Foundation
import Glibc

/// Exit statuses of the scripting commands (README "Scripting", and every command's --help).
enum ExitStatus {
    static let ok: Int32 = 0
    /// The API answered with an error (its message and HTTP status go to stderr).
    static let api: Int32 = 1
    /// A usage error or a missing key.
    static let usage: Int32 = 2
    /// The API could not be reached.
    static let network: Int32 = 3
    /// A run failed or was cancelled (`runs wait`, `logs -f`, `execute`).
    static let runFailed: Int32 = 4
    static let timeout: Int32 = 5

    static let help = """
        Exit status: 0 ok; 1 API error (the server's message and HTTP status on stderr); 2 usage error or missing key; 3 network error; 4 a run failed or was cancelled (runs wait, logs -f, execute); 5 timeout (runs wait --timeout).
        """

    static func of(_ error: CaseDevError) -> Int32 {
        switch error.kind {
        case .connectionRefused, .timedOut, .tls, .dns, .network, .refusedRedirect: network
        case .missingAPIKey, .invalidConfiguration, .invalidArgument: usage
        case .http, .invalidResponse, .tooLarge, .cancelled: api
        }
    }
}

/// A command ends with this status; `message` (if any) goes to stderr.
struct ScriptExit: Error {
    var status: Int32
    var message: String?
    init(_ status: Int32, _ message: String? = nil) { self.status = status; self.message = message }
    static func usage(_ message: String) -> ScriptExit { ScriptExit(ExitStatus.usage, message) }
}

/// Where a command's output goes. Data to stdout, everything else to stderr; tests capture both.
final class Console: @unchecked Sendable {
    let stdoutIsTerminal: Bool
    let stderrIsTerminal: Bool
    let stdinIsTerminal: Bool
    /// Colour on stdout: a terminal, and no NO_COLOR.
    let color: Bool
    /// Columns of the terminal; tables are cut to it.
    let width: Int
    private let lock = NSLock()
    private let writeOut: @Sendable (String) -> Void
    private let writeErr: @Sendable (String) -> Void
    private let readInput: @Sendable () -> String?

    init(stdoutIsTerminal: Bool, stderrIsTerminal: Bool, stdinIsTerminal: Bool, color: Bool, width: Int,
         out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
         readLine: @escaping @Sendable () -> String?) {
        self.stdoutIsTerminal = stdoutIsTerminal; self.stderrIsTerminal = stderrIsTerminal
        self.stdinIsTerminal = stdinIsTerminal; self.color = color; self.width = width
        writeOut = out; writeErr = err; readInput = readLine
    }

    /// The process's own stdin, stdout and stderr.
    static func standard(environment: [String: String]) -> Console {
        let outTTY = isatty(STDOUT_FILENO) == 1
        var size = winsize()
        let columns = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col)
            : Int(environment["COLUMNS"] ?? "") ?? 100
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        return Console(stdoutIsTerminal: outTTY, stderrIsTerminal: isatty(STDERR_FILENO) == 1,
                       stdinIsTerminal: isatty(STDIN_FILENO) == 1, color: outTTY && !noColor, width: max(20, columns),
                       out: { FileHandle.standardOutput.write(Data($0.utf8)) },
                       err: { FileHandle.standardError.write(Data($0.utf8)) },
                       readLine: { Swift.readLine() })
    }

    func out(_ text: String) { lock.withLock { writeOut(text) } }
    func line(_ text: String) { out(text + "\n") }
    func err(_ text: String) { lock.withLock { writeErr(text) } }
    func warn(_ text: String) { err("casedash: \(text)\n") }
    func readLine() -> String? { readInput() }
}

/// `--json` / `--jsonl`: the API's objects instead of a table.
struct FormatOptions: ParsableArguments {
    @Flag(help: "Print the API's objects as one JSON document.") var json = false
    @Flag(help: "Print one JSON object per line (lists and followed logs).") var jsonl = false

    func validate() throws {
        if json && jsonl { throw ValidationError("--json and --jsonl cannot be used together") }
    }

    enum Mode { case human, json, jsonl }
    var mode: Mode { json ? .json : jsonl ? .jsonl : .human }

    /// What a command made or started: the object as JSON when asked, else just its id (for `$(…)`).
    func printMade(_ value: some Encodable, id: String, on console: Console) throws {
        switch mode {
        case .json: console.out(try JSONOutput.document(value))
        case .jsonl: console.out(try JSONOutput.line(value))
        case .human: console.line(UntrustedText.line(id))
        }
    }
}

/// Where the commands connect: the dashboard's own options that apply to one request.
struct APIOptions: ParsableArguments {
    @Flag(help: "Start the embedded emulator with demo data and run the command on it (no key or network needed).")
    var demo = false
    @Option(name: .customLong("base-url"), help: "API base URL (default: $CASEDEV_BASE_URL or https://api.case.dev).")
    var baseURL: String?
    @Option(name: .customLong("demo-speed"), parsing: .unconditional, help: "With --demo: how much faster than real time demo runs go.")
    var demoSpeed = 1.0
    @Option(help: "Settings file (default: $XDG_CONFIG_HOME/casedash/config.toml); its base_url is used.") var config: String?
    @Option(help: "A context of the settings file ([contexts.NAME]): its endpoint and key variable, as for the dashboard.")
    var context: String?
    @Flag(name: .customLong("allow-insecure-http"), help: "Send the API key over plain http:// to a host that is not this machine.")
    var allowInsecureHTTP = false

    func validate() throws {
        guard demoSpeed > 0 else { throw ValidationError("--demo-speed must be positive") }
    }

    /// The dashboard's options with these set, so the settings file and environment are merged
    /// exactly as for the dashboard.
    func dashboardOptions() throws -> DashboardOptions {
        var args: [String] = []
        if demo { args.append("--demo") }
        if let baseURL { args += ["--base-url", baseURL] }
        args += ["--demo-speed", String(demoSpeed)]
        if let config { args += ["--config", config] }
        if let context { args += ["--context", context] }
        if allowInsecureHTTP { args.append("--allow-insecure-http") }
        return try DashboardOptions.parse(args)
    }
}

/// What a command runs with: the client, where its output goes, and the environment.
struct ScriptContext: Sendable {
    var client: CaseDevClient
    var console: Console
    var environment: [String: String]
    /// Names the endpoint in the usage cache; nil keeps the cache in memory (--demo, whose data
    /// is new every start).
    var cacheEndpoint: String?
    /// Seconds between polls while waiting or following (tests make it short).
    var pollInterval: TimeInterval = 1
    var now: @Sendable () -> Date = { Date() }
}

/// A scripting command: parses, connects, runs `body`, and turns what it threw into an exit status.
protocol ScriptCommand: AsyncParsableCommand {
    var options: APIOptions { get }
    func body(_ ctx: ScriptContext) async throws
}

extension ScriptCommand {
    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        let console = Console.standard(environment: env)
        let status: Int32
        do {
            let (settings, problems) = try options.dashboardOptions().settings(environment: env)
            problems.forEach { console.warn($0) }
            if !settings.demo, env["CASEDEV_API_KEY"]?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
                throw ScriptExit.usage("no API key. Set CASEDEV_API_KEY=sk_case_... (or add --demo to try the emulator)")
            }
            let target = try await DashboardTarget.make(settings, environment: env)
            let ctx = ScriptContext(client: CaseDevClient(configuration: target.configuration), console: console, environment: env,
                                    cacheEndpoint: target.emulator == nil ? target.configuration.baseURL.absoluteString : nil)
            status = await Script.execute(self, ctx)
            await target.emulator?.stop()
        } catch {
            status = Script.report(error, console)
        }
        if status != 0 { throw ExitCode(status) }
    }
}

enum Script {
    /// Runs a command's body and returns its exit status, with its error said on stderr.
    static func execute(_ command: some ScriptCommand, _ ctx: ScriptContext) async -> Int32 {
        do {
            try await command.body(ctx)
            return ExitStatus.ok
        } catch {
            return report(error, ctx.console)
        }
    }

    static func report(_ error: any Error, _ console: Console) -> Int32 {
        switch error {
        case let e as ScriptExit:
            if let m = e.message { console.warn(m) }
            return e.status
        case let e as CaseDevError:
            console.warn(e.description)
            return ExitStatus.of(e)
        case let e as ExitCode:
            return e.rawValue
        default:
            console.warn(UntrustedText.line(String(describing: error)))
            return ExitStatus.api
        }
    }
}
