import ArgumentParser
import CaseDevAPI
import CaseDevEmulator
import DashCore
import Foundation

/// Options shared by the dashboard and `snapshot`.
struct DashboardOptions: ParsableArguments {
    @Flag(help: "Start the embedded emulator with demo data and open the dashboard on it (no key or network needed).")
    var demo = false
    @Option(name: .customLong("base-url"), help: "API base URL (default: $CASEDEV_BASE_URL or https://api.case.dev).")
    var baseURL: String?
    @Option(help: "Seconds between refreshes of the run list.") var interval = 2.0
    @Option(help: "Theme name (dark, light, high-contrast, monochrome, or a user theme) or path to a .toml file.")
    var theme: String?
    @Flag(help: "Hide and refuse every action that changes something (create, execute, cancel).") var readonly = false
    @Flag(help: "Draw with ASCII only (automatic when the locale is not UTF-8).") var ascii = false
    @Option(name: .customLong("log-file"), help: "Write a debug log to this file (never to the screen).")
    var logFile: String?
    @Option(name: .customLong("demo-speed"), help: "With --demo: how much faster than real time demo runs go.")
    var demoSpeed = 1.0

    func validate() throws {
        guard interval >= 0.5, interval <= 300 else { throw ValidationError("--interval must be between 0.5 and 300 seconds") }
        guard demoSpeed > 0 else { throw ValidationError("--demo-speed must be positive") }
    }
}

/// What the dashboard needs to start: a client, and for --demo the emulator it talks to.
struct DashboardTarget {
    var configuration: ClientConfiguration
    var emulator: Emulator?
    var endpoint: String

    /// Starts the emulator for --demo; otherwise reads the key and base URL.
    static func make(_ options: DashboardOptions, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> DashboardTarget {
        if options.demo {
            let emulator = Emulator(options: EmulatorOptions(speed: options.demoSpeed, seed: UInt64(Date().timeIntervalSince1970) % 1000,
                                                             demoData: true))
            let url = try await emulator.start()
            // Any sk_case_ key is accepted by the emulator; this one exists only in this process.
            return DashboardTarget(configuration: ClientConfiguration(baseURL: url, apiKey: APIKey("sk_case_demo")),
                              emulator: emulator, endpoint: url.host.map { "\($0):\(url.port ?? 80)" } ?? url.absoluteString)
        }
        var config = try ClientConfiguration.fromEnvironment(environment, baseURL: options.baseURL)
        config.requestTimeout = 20
        let url = config.baseURL
        let endpoint = (url.host ?? url.absoluteString) + (url.port.map { ":\($0)" } ?? "")
        return DashboardTarget(configuration: config, emulator: nil, endpoint: endpoint)
    }
}

enum ThemeSetup {
    /// Bundled themes (found next to the binary or in the source tree), then the user's.
    static func directories(environment: [String: String]) -> [String] {
        var dirs: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
            for _ in 0..<5 {
                for candidate in [dir.appendingPathComponent("themes"), dir.appendingPathComponent("share/casedash/themes")]
                where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("dark.toml").path) {
                    dirs.append(candidate.path)
                }
                if !dirs.isEmpty { break }
                dir = dir.deletingLastPathComponent()
            }
        }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"].map { "\($0)/.config" } ?? "")
        if !config.isEmpty { dirs.append("\(config)/casedash/themes") }
        return dirs
    }

    /// All themes, and the index of the one to start with; problems name file and key.
    static func load(requested: String?, environment: [String: String]) -> ([Theme], Int, [String]) {
        var (themes, problems) = ThemeLoader.loadAll(directories: directories(environment: environment))
        var wanted = requested
        if wanted == nil, let noColor = environment["NO_COLOR"], !noColor.isEmpty { wanted = "monochrome" }
        if wanted == nil, let env = environment["CASEDASH_THEME"], !env.isEmpty { wanted = env }
        guard let wanted else { return (themes, themes.firstIndex { $0.name == "dark" } ?? 0, problems) }
        if wanted.contains("/") || wanted.hasSuffix(".toml") {
            let (theme, more) = ThemeLoader.load(path: wanted, with: themes)
            problems += more
            if let theme {
                themes.removeAll { $0.name == theme.name }
                themes.append(theme)
                return (themes, themes.count - 1, problems)
            }
        } else if let i = themes.firstIndex(where: { $0.name == wanted }) {
            return (themes, i, problems)
        } else if wanted == "monochrome" {
            themes.append(Theme(name: "monochrome", styles: Theme.builtinDark.styles, monochrome: true))
            return (themes, themes.count - 1, problems)
        } else {
            problems.append("no theme named '\(wanted)' (known: \(themes.map(\.name).joined(separator: ", ")))")
        }
        return (themes, themes.firstIndex { $0.name == "dark" } ?? 0, problems)
    }
}
