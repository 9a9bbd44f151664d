import ArgumentParser
import CaseDevAPI
import DashCore
import Foundation

/// `casedash snapshot`: one frame, after one poll, as plain text on stdout.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print one frame of the dashboard as plain text (for scripts, cron, tickets and tests).")

    @OptionGroup var options: DashboardOptions
    @Option(help: "Columns of the frame.") var width = 120
    @Option(help: "Rows of the frame.") var height = 40

    func validate() throws {
        guard width >= 20, height >= 5, width <= 1000, height <= 500 else {
            throw ValidationError("--width must be 20-1000 and --height 5-500")
        }
    }

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        let (options, settingProblems) = self.options.settings(environment: env)
        if !options.demo, env["CASEDEV_API_KEY"]?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
            FileHandle.standardError.write(Data("casedash: no API key. Set CASEDEV_API_KEY=sk_case_... or use --demo.\n".utf8))
            throw ExitCode(2)
        }
        let connection: DashboardTarget
        do { connection = try await DashboardTarget.make(options, environment: env) } catch let e as CaseDevError {
            FileHandle.standardError.write(Data("casedash: \(e.description)\n".utf8))
            throw ExitCode(2)
        }
        let (themes, index, themeProblems) = ThemeSetup.load(requested: options.theme, environment: env)
        for problem in settingProblems + themeProblems { FileHandle.standardError.write(Data("casedash: \(problem)\n".utf8)) }
        var state = DashState(config: DashConfig(endpoint: connection.endpoint, demo: options.demo, readonly: options.readonly,
                                                 interval: options.interval, logLineLimit: options.logLines, ascii: options.ascii),
                              size: Size(cols: width, rows: height), now: Date(), themes: themes, themeIndex: index)
        let runner = EffectRunner(configuration: connection.configuration, logger: try Logging.make(path: options.logFile)) { _ in }
        // One poll: the run list and agents, then details for the selected run and the
        // token figures of the visible finished runs, as the live dashboard would load them.
        var pending = Dash.update(&state, .tick(Date()))
        var rounds = 0
        // The token back-fill reads every finished run back to back; a snapshot reads a
        // screenful of them (the rows it shows), not the whole list on every call.
        var costReads = 0
        while !pending.isEmpty, rounds < 60 {
            rounds += 1
            var next: [DashEffect] = []
            for effect in pending {
                if let event = await runner.event(for: effect) { next += Dash.update(&state, event) }
            }
            pending = next.filter {
                switch $0 {
                case .fetchCost:
                    costReads += 1
                    return costReads <= state.layout.runRows && (!state.poll.connection.isFailing || rounds < 2)
                case .fetchDetails, .fetchRuns, .fetchAgents: return !state.poll.connection.isFailing || rounds < 2
                default: return false
                }
            }
            // A list poll that is due again (the interval passed while loading) is not part of one frame.
            if state.runList.loaded { pending.removeAll { if case .fetchRuns = $0 { return true } else { return false } } }
            if state.agentList.loaded { pending.removeAll { $0 == .fetchAgents } }
        }
        _ = Dash.update(&state, .tick(Date()))
        print(DashView.render(state).text())
        await connection.emulator?.stop()
        if state.poll.connection.isFailing { throw ExitCode(3) }
    }
}
