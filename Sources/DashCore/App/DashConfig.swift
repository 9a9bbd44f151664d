import Foundation

/// What is fixed when casedash starts: where it points and its limits. Nothing changes it while
/// it runs; what the user may change (interval, theme, wrap) lives in `Preferences`.
public struct DashConfig: Sendable, Hashable {
    /// Host (and port) of the API, shown in the header. Never the key.
    public var endpoint: String
    public var demo: Bool
    public var readonly: Bool
    /// The refresh interval asked for at start-up; `Preferences.interval` starts from it.
    public var interval: TimeInterval
    public var agentsInterval: TimeInterval
    public var pageSize: Int
    public var logLineLimit: Int
    /// Where `W` writes log streams.
    public var dumpDirectory: String
    /// Draw with ASCII only (the locale is not UTF-8, or `--ascii`).
    public var ascii: Bool
    /// The user's home folder, to write paths in messages as `~/…`.
    public var home: String?
    /// Announce failed runs the user did not start too (`notify_on_failure`).
    public var notifyOnFailure: Bool
    /// `y` / `Y` copy through the terminal (OSC 52); off with `clipboard = false`.
    public var clipboard: Bool
    /// The key table in force: the defaults with the user's `[keys]`.
    public var bindings: [Binding]
    /// The guards on runs and agents (`[guards]`).
    public var guards = GuardRules()
    /// The settings context in force (prod, staging, demo…), and every one there is to switch to.
    public var context: String?
    public var contexts: [String] = []

    public init(endpoint: String, demo: Bool = false, readonly: Bool = false, interval: TimeInterval = 2,
                agentsInterval: TimeInterval = 30, pageSize: Int = 100, logLineLimit: Int = 10_000,
                dumpDirectory: String = "/tmp/casedash-dumps", ascii: Bool = false, home: String? = nil,
                notifyOnFailure: Bool = false, clipboard: Bool = true, bindings: [Binding] = KeyMap.bindings) {
        self.endpoint = endpoint; self.demo = demo; self.readonly = readonly; self.interval = interval
        self.agentsInterval = agentsInterval; self.pageSize = pageSize; self.logLineLimit = logLineLimit
        self.dumpDirectory = dumpDirectory; self.ascii = ascii; self.home = home
        self.notifyOnFailure = notifyOnFailure; self.clipboard = clipboard; self.bindings = bindings
    }
}
