import ArgumentParser
import CaseDevAPI
import CMalloc
import DashCore
import DashTerm
import Foundation
import Glibc
import Logging
import NIOCore
import NIOPosix
import RunUsage

@main
struct CaseDashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casedash",
        abstract: "A terminal dashboard for the case.dev Agent API: agents, runs, logs and token usage, live.",
        discussion: """
            Reads the API key from CASEDEV_API_KEY and the endpoint from CASEDEV_BASE_URL (or --base-url).
            Try it without an account: casedash --demo. Press ? in the dashboard for every key.

            With a subcommand, casedash answers one question and exits (scripts, cron, CI), as in \
            casedash --demo runs list. Shell completions: casedash --generate-completion-script bash \
            (or zsh, fish).

            \(ExitStatus.help)
            """,
        version: CaseDash.version,
        subcommands: [AgentsCommand.self, RunsCommand.self, LogsCommand.self, ExecuteCommand.self, UsageCommand.self,
                      SnapshotCommand.self, EmulatorCommand.self, ValidateTOMLCommand.self])

    /// As ArgumentParser's, except that the scripting commands are parsed by `ScriptRoot`.
    static func main() async {
        // glibc gives each thread that allocates its own arena, and keeps what is freed in it;
        // with the network on NIO's threads and the core on another, following a busy run left
        // about 4 MB more resident than with two arenas (scripts/bench-logs.sh, README).
        mallopt(M_ARENA_MAX, 2)
        // Swift's tasks run on the one NIO thread that also does the network: an answer is read,
        // decoded and handed on without waking a thread of Swift's own pool (each such hop is a
        // context switch, and an idle dashboard's cost is mostly those).
        NIOSingletons.groupLoopCountSuggestion = 1
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let scripting = ScriptRoot.arguments(arguments) { return await ScriptRoot.main(scripting) }
        do {
            try await parseAndRun(arguments)
        } catch {
            exit(withError: error)
        }
    }

    @OptionGroup var options: DashboardOptions

    @DashActor
    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        let (options, settingProblems) = self.options.settings(environment: env)
        if let problem = options.contextProblem {
            FileHandle.standardError.write(Data("casedash: \(problem)\n".utf8))
            throw ExitCode(2)
        }
        let keyVariable = options.apiKeyVariable
        if !options.demo, env[keyVariable]?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
            FileHandle.standardError.write(Data("""
                casedash: no API key\(options.context.map { " for context \($0)" } ?? ""). Set \(keyVariable) to your case.dev key:

                    export \(keyVariable)=sk_case_...

                or try the dashboard on the built-in emulator, no key or network needed:

                    casedash --demo

                """.utf8))
            throw ExitCode(2)
        }
        let logger: Logger
        do { logger = try Logging.make(path: options.logFile) } catch let e as FileLogHandler.OpenError {
            FileHandle.standardError.write(Data("casedash: \(e)\n".utf8))
            throw ExitCode(2)
        }
        CrashGuard.install(logFile: options.logFile.map { URL(fileURLWithPath: $0).path })
        let (themes, themeIndex, themeProblems) = ThemeSetup.load(requested: options.theme, environment: env)
        let problems = settingProblems + themeProblems
        problems.forEach { logger.warning("settings: \($0)") }
        let connection: DashboardTarget
        do { connection = try await DashboardTarget.make(options, environment: env) } catch let e as CaseDevError {
            FileHandle.standardError.write(Data("casedash: \(e.description)\n".utf8))
            throw ExitCode(2)
        }
        let terminal = Terminal()
        DashboardRuntime.takeOverSignals()
        let utf8 = Terminal.localeIsUTF8()
        do { try terminal.start() } catch {
            FileHandle.standardError.write(Data("casedash: \(error)\n".utf8))
            await connection.emulator?.stop()
            switch error {
            case TerminalError.noCursorAddressing, TerminalError.unknownTerminal: throw ExitCode(2)
            default: throw ExitCode(1)
            }
        }
        Terminal.restoreOnExit()
        let savedStderr = StderrRedirect.toFile(options.logFile)
        var state = DashState(config: options.dashConfig(endpoint: connection.endpoint, environment: env, utf8: utf8),
                              size: terminal.size, now: Date(), themes: themes, themeIndex: themeIndex)
        if let first = problems.first {
            state.flash = Flash(text: "Settings problem: \(first)\(problems.count > 1 ? " (+\(problems.count - 1) more in the log)" : "")",
                                isError: true, until: Date().addingTimeInterval(10))
        }
        logger.info("casedash \(CaseDash.version) on \(connection.endpoint)\(options.demo ? " (demo)" : "")")
        terminal.enableMouse(options.mouse)
        // The demo's runs are new every start: nothing to keep.
        let usageCache = options.demo ? nil : UsageCache.directory(environment: env).map {
            UsageCache(directory: $0, endpoint: connection.configuration.baseURL.absoluteString)
        }
        let switcher = ContextSwitcher(options: self.options, environment: env, utf8: utf8, started: connection, demo: options.demo)
        let runtime = DashboardRuntime(state: state, terminal: terminal, configuration: connection.configuration, logger: logger,
                                       notify: options.notify, usageCache: usageCache, switcher: switcher)
        await runtime.run()
        terminal.stop()
        StderrRedirect.restore(savedStderr)
        await connection.emulator?.stop()
        logger.info("quit")
        // Requests may still be in flight; nothing is left to wait for.
        Glibc.exit(0)
    }
}

enum Logging {
    static func make(path: String?) throws -> Logger {
        guard let path else { return Logger(label: "casedash", factory: { _ in SwiftLogNoOpLogHandler() }) }
        let sink = try FileLogHandler.open(path: path)
        return Logger(label: "casedash", factory: { label in FileLogHandler(label: label, sink: sink) })
    }
}

/// While curses owns the screen, anything a library prints to stderr would scribble on it:
/// send fd 2 to the log file (or /dev/null) and put it back afterwards.
enum StderrRedirect {
    static func toFile(_ path: String?) -> Int32 {
        let saved = dup(STDERR_FILENO)
        let fd = open(path ?? "/dev/null", O_WRONLY | O_APPEND | O_CREAT, 0o600)
        if fd >= 0 { dup2(fd, STDERR_FILENO); close(fd) }
        return saved
    }

    static func restore(_ saved: Int32) {
        guard saved >= 0 else { return }
        dup2(saved, STDERR_FILENO)
        close(saved)
    }
}

extension AsyncParsableCommand {
    /// ArgumentParser's parse-and-run without its exit, so each root decides how an error ends
    /// the process.
    static func parseAndRun(_ arguments: [String]) async throws {
        var command = try await asyncParseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    }
}
