import ArgumentParser
import CaseDevAPI
import CaseDevEmulator
import DashCore
import DashSettings
import Foundation

/// Options shared by the dashboard and `snapshot`.
struct DashboardOptions: ParsableArguments {
    @Flag(help: "Start the embedded emulator with demo data and open the dashboard on it (no key or network needed).")
    var demo = false
    @Option(name: .customLong("base-url"), help: "API base URL (default: $CASEDEV_BASE_URL or https://api.case.dev).")
    var baseURL: String?
    // `.unconditional`: a value that starts with "-" is still this option's value, so that
    // `--interval -1` gets the range message instead of "Missing value".
    @Option(parsing: .unconditional, help: "Seconds between refreshes of the run list (default 2).") var interval: Double?
    @Option(help: "Theme name (dark, light, high-contrast, monochrome, or a user theme) or path to a .toml file.")
    var theme: String?
    @Flag(help: "Hide and refuse every action that changes something (create, execute, cancel).") var readonly = false
    @Flag(help: "Draw with ASCII only (automatic when the locale is not UTF-8).") var ascii = false
    @Option(name: .customLong("log-file"), help: "Write a debug log to this file (never to the screen).")
    var logFile: String?
    @Option(name: .customLong("log-lines"), help: "Log lines kept per run (default 10000; 100-1000000).")
    var logLines: Int?
    @Option(help: "How to tell you a run you started or watch ended: bell, osc9, osc777 or off (default bell).")
    var notify: NotificationMode?
    @Flag(name: .customLong("no-mouse"), help: "Do not take mouse clicks and the wheel (Shift+drag selects text either way in most terminals).")
    var noMouse = false
    @Option(name: .customLong("demo-speed"), parsing: .unconditional, help: "With --demo: how much faster than real time demo runs go.")
    var demoSpeed = 1.0
    @Option(help: "Settings file (default: $XDG_CONFIG_HOME/casedash/config.toml).") var config: String?
    @Option(help: "A context of the settings file ([contexts.NAME]: its endpoint, key variable and settings); demo is the built-in emulator.")
    var context: String?
    @Flag(name: .customLong("allow-insecure-http"), help: "Send the API key over plain http:// to a host that is not this machine.")
    var allowInsecureHTTP = false

    func validate() throws {
        if let interval, !(0.5...300).contains(interval) { throw ValidationError("--interval must be between 0.5 and 300 seconds") }
        if let logLines, !ConfigFile.logLinesRange.contains(logLines) { throw ValidationError("--log-lines must be between 100 and 1000000") }
        guard demoSpeed > 0 else { throw ValidationError("--demo-speed must be positive") }
    }

    /// The options in force: the command line, then the environment, then the chosen context,
    /// then the top of the settings file. A context's endpoint and key win over
    /// CASEDEV_BASE_URL / CASEDEV_API_KEY, which apply when no context is chosen. (The four
    /// layers are merged here by hand: apple/swift-configuration reads no TOML and the flags
    /// are ArgumentParser's, so it would only add a dependency for a dozen lines of merging.)
    func settings(environment: [String: String], context override: String? = nil) -> (Settings, [String]) {
        let path = config ?? ConfigFile.defaultPath(environment: environment)
        let (file, problems) = path.map { path in
            TOMLPreflight.problems(paths: [path])[path].map { (ConfigFile(), [$0]) } ?? ConfigFile.load(path: path)
        } ?? (ConfigFile(), [])
        if config != nil, let path, !FileManager.default.fileExists(atPath: path) {
            return (Settings(self, file: file), ["\(path): no such file"])
        }
        let chosen = override ?? context ?? (demo ? "demo" : file.context)
        let layer = chosen.flatMap { file.contexts[$0] }
        var s = Settings(self, file: layer.map { file.with(context: $0) } ?? file)
        s.context = chosen
        s.contextNames = ["demo"] + file.contexts.keys.sorted()
        s.demo = chosen == "demo" || (chosen == nil && demo)
        if let chosen, chosen != "demo", layer == nil {
            s.contextProblem = "no context named '\(Sanitizer.line(chosen))' (known: \(s.contextNames.joined(separator: ", ")))"
        }
        if baseURL == nil {
            if let url = layer?.baseURL { s.baseURL = url }
            else if let env = environment["CASEDEV_BASE_URL"], !env.isEmpty { s.baseURL = env }
        }
        s.apiKeyVariable = layer?.apiKeyEnv ?? "CASEDEV_API_KEY"
        if theme == nil, layer?.theme == nil, let env = environment["CASEDASH_THEME"], !env.isEmpty { s.theme = env }
        return (s, problems + s.keyProblems.map { "\(path ?? "settings"): \($0)" })
    }
}

/// The dashboard's options after merging the command line, environment and settings file.
struct Settings {
    var demo: Bool
    var demoSpeed: Double
    var baseURL: String?
    var interval: Double
    var logLines: Int
    var notify: NotificationMode
    /// The context in force, the ones the settings file has (and `demo`), and why a chosen one cannot be used.
    var context: String?
    var contextNames: [String] = []
    var contextProblem: String?
    /// The largest answers read (`max_details_mb`, `max_list_mb`), in bytes; nil: the client's defaults.
    var maxDetailsBytes: Int?
    var maxListBytes: Int?
    var guards: GuardRules
    /// The environment variable that holds the key: the context's `api_key_env`, else CASEDEV_API_KEY.
    var apiKeyVariable = "CASEDEV_API_KEY"
    /// The key table with the settings file's `[keys]`.
    var bindings: [Binding]
    var keyProblems: [String]
    var notifyOnFailure: Bool
    var clipboard: Bool
    var mouse: Bool
    var theme: String?
    var readonly: Bool
    var ascii: Bool
    var logFile: String?
    var allowInsecureHTTP: Bool

    init(_ o: DashboardOptions, file: ConfigFile) {
        demo = o.demo
        demoSpeed = o.demoSpeed
        baseURL = o.baseURL ?? file.baseURL
        interval = o.interval ?? file.interval ?? 2
        logLines = o.logLines ?? file.logLines ?? 10_000
        guards = file.guards ?? GuardRules()
        maxDetailsBytes = file.maxDetailsMB.map { $0 * 1_048_576 }
        maxListBytes = file.maxListMB.map { $0 * 1_048_576 }
        notify = o.notify ?? file.notify ?? .bell
        (bindings, keyProblems) = KeyMap.remapped(file.keys)
        notifyOnFailure = file.notifyOnFailure ?? false
        clipboard = file.clipboard ?? true
        mouse = !o.noMouse && (file.mouse ?? true)
        theme = o.theme ?? file.theme
        readonly = o.readonly || (file.readonly ?? false)
        ascii = o.ascii || (file.ascii ?? false)
        logFile = o.logFile ?? file.logFile
        allowInsecureHTTP = o.allowInsecureHTTP
    }
}

extension Settings {
    /// The core's fixed configuration for these settings and the endpoint they point at.
    func dashConfig(endpoint: String, environment env: [String: String], utf8: Bool) -> DashConfig {
        let stateHome = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? env["HOME"].map { "\($0)/.local/state" } ?? "/tmp"
        var c = DashConfig(endpoint: endpoint, demo: demo, readonly: readonly, interval: interval, logLineLimit: logLines,
                           dumpDirectory: "\(stateHome)/casedash/dumps", ascii: ascii || !utf8, home: env["HOME"],
                           notifyOnFailure: notifyOnFailure, clipboard: clipboard, bindings: bindings)
        c.context = context
        c.contexts = contextNames
        c.guards = guards
        return c
    }
}

/// What the dashboard needs to start: a client, and for --demo the emulator it talks to.
struct DashboardTarget {
    var configuration: ClientConfiguration
    var emulator: Emulator?
    var endpoint: String

    /// Starts the emulator for --demo; otherwise reads the key and base URL.
    static func make(_ options: Settings, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> DashboardTarget {
        if options.demo {
            let emulator = Emulator(options: EmulatorOptions(speed: options.demoSpeed, seed: UInt64(Date().timeIntervalSince1970) % 1000,
                                                             demoData: true))
            let url = try await emulator.start()
            // Any sk_case_ key is accepted by the emulator; this one exists only in this process.
            return DashboardTarget(configuration: ClientConfiguration(baseURL: url, apiKey: APIKey("sk_case_demo")),
                              emulator: emulator, endpoint: url.host.map { "\($0):\(url.port ?? 80)" } ?? url.absoluteString)
        }
        // A context names the variable its key is in; the client reads it as CASEDEV_API_KEY.
        var keyed = environment
        if options.apiKeyVariable != "CASEDEV_API_KEY" {
            guard let key = environment[options.apiKeyVariable], !key.isEmpty else {
                throw CaseDevError(kind: .missingAPIKey,
                                   message: "context \(options.context ?? "?"): \(options.apiKeyVariable) is not set (it holds this context's key)")
            }
            keyed["CASEDEV_API_KEY"] = key
        }
        var config = try ClientConfiguration.fromEnvironment(keyed, baseURL: options.baseURL)
        config.requestTimeout = 20
        config.allowInsecureHTTP = options.allowInsecureHTTP
        if let n = options.maxDetailsBytes { config.maxDetailsBytes = n }
        if let n = options.maxListBytes { config.maxResponseBytes = n }
        try config.checkKeyTransport()
        let url = config.baseURL
        let endpoint = (url.host ?? url.absoluteString) + (url.port.map { ":\($0)" } ?? "")
        return DashboardTarget(configuration: config, emulator: nil, endpoint: endpoint)
    }
}

enum ThemeSetup {
    /// The user's theme folder; the bundled themes are compiled in.
    static func directories(environment: [String: String]) -> [String] {
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"].map { "\($0)/.config" } ?? "")
        return config.isEmpty ? [] : ["\(config)/casedash/themes"]
    }

    /// All themes, and the index of the one to start with; problems name file and key.
    static func load(requested: String?, environment: [String: String]) -> ([Theme], Int, [String]) {
        var wanted = requested
        // NO_COLOR asks for no colour unless a theme was chosen explicitly (no-color.org).
        if wanted == nil, let noColor = environment["NO_COLOR"], !noColor.isEmpty { wanted = "monochrome" }
        let wantedPath = wanted.flatMap { $0.contains("/") || $0.hasSuffix(".toml") ? $0 : nil }
        // Every file `*.toml` in the user's theme folder.
        let files = directories(environment: environment).flatMap { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().filter { $0.hasSuffix(".toml") }
                .map { (dir as NSString).appendingPathComponent($0) }
        }
        // One child process checks them all (see TOMLPreflight); the unsafe ones are skipped.
        let unsafe = TOMLPreflight.problems(paths: files + (wantedPath.map { [$0] } ?? []))
        var problems: [String] = []
        // The user's files come after the bundled themes, so a user theme of the same name wins.
        var definitions = ThemeLoader.bundled()
        for path in files {
            if let problem = unsafe[path] { problems.append(problem); continue }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                problems.append("\(path): cannot be read as UTF-8 text")
                continue
            }
            let (definition, more) = ThemeLoader.parse(text: text, path: path)
            problems += more
            if let definition { definitions.append(definition) }
        }
        let resolved = ThemeLoader.resolve(definitions)
        var themes = resolved.0
        problems += resolved.1
        guard let wanted else { return (themes, themes.firstIndex { $0.name == "dark" } ?? 0, problems) }
        if let wantedPath, let problem = unsafe[wantedPath] {
            problems.append(problem)
        } else if let wantedPath {
            let (theme, more) = ThemeLoader.load(path: wantedPath, with: themes)
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

extension NotificationMode: ExpressibleByArgument {}
