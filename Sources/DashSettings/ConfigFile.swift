import CaseDevAPI
import DashCore
import Foundation
import TOMLKit

/// `$XDG_CONFIG_HOME/casedash/config.toml` (or `--config PATH`): defaults for the options, so
/// they need not be typed each time, and named contexts (prod, staging…), each of which may set
/// any of them. Command-line options win, then the environment, then the chosen context, then
/// the top of the file (`SettingsLayers` merges them).
public struct ConfigFile: Sendable, Equatable {
    public var baseURL: String?
    public var interval: Double?
    public var theme: String?
    public var readonly: Bool?
    public var ascii: Bool?
    public var logFile: String?
    /// Log lines kept per run (each stream, and the merged view).
    public var logLines: Int?
    public var notify: NotificationMode?
    public var notifyOnFailure: Bool?
    public var clipboard: Bool?
    public var mouse: Bool?
    /// `[keys]`: a command's name and the key or keys that replace its own.
    public var keys: [String: [String]] = [:]
    /// The largest answer read, in MB: details (a run's whole logs) and everything else.
    public var maxDetailsMB: Int?
    public var maxListMB: Int?
    /// `[guards]`: limits on runs and agents (nil: none set at this level).
    public var guards: GuardRules?
    /// In a context: the name of the environment variable that holds its key (never a key).
    public var apiKeyEnv: String?
    /// The context used when none is given (`context = "prod"`).
    public var context: String?
    /// `[contexts.NAME]` tables.
    public var contexts: [String: ConfigFile] = [:]

    public init() {}

    public static let keys = ["base_url", "interval", "theme", "readonly", "ascii", "log_file", "log_lines",
                              "notify", "notify_on_failure", "clipboard", "mouse", "keys", "max_details_mb", "max_list_mb",
                              "guards", "context", "contexts"]
    public static let guardKeys = ["max_run_cost_usd", "max_run_duration", "max_run_tokens", "repeated_tool_calls", "failure_rate",
                                   "action", "allow_auto_cancel"]
    /// What a context may set: any top-level setting, and where its key is.
    public static let contextKeys = keys.filter { $0 != "context" && $0 != "contexts" } + ["api_key_env"]
    public static let logLinesRange = 100...1_000_000

    public static func defaultPath(environment: [String: String]) -> String? {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["HOME"].map { "\($0)/.config" }
        return base.map { "\($0)/casedash/config.toml" }
    }

    /// A missing file is no problem; a broken one is reported by file and key, and whatever
    /// could be read is still used.
    public static func load(path: String) -> (ConfigFile, [String]) {
        guard FileManager.default.fileExists(atPath: path) else { return (ConfigFile(), []) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return (ConfigFile(), ["\(path): cannot be read"]) }
        return parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) -> (ConfigFile, [String]) {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            return (ConfigFile(), ["\(path): line \(e.source.begin.line), column \(e.source.begin.column): \(e.description)"])
        } catch {
            return (ConfigFile(), ["\(path): \(error)"])
        }
        var problems = refuseKeys(table, path: path, at: "")
        var c = read(table, path: path, prefix: "", known: keys, problems: &problems)
        c.context = table["context"].flatMap { v in
            if let name = v.string { return name }
            problems.append("\(path): context: expected a context's name")
            return nil
        }
        if let v = table["contexts"] {
            guard let contexts = v.table else {
                problems.append("\(path): contexts: expected tables like [contexts.prod]")
                return (c, problems)
            }
            for name in contexts.keys.sorted() {
                guard let t = contexts[name]?.table else { problems.append("\(path): contexts.\(name): expected a table"); continue }
                c.contexts[name] = read(t, path: path, prefix: "contexts.\(name).", known: contextKeys, problems: &problems)
            }
        }
        if let name = c.context, c.contexts[name] == nil {
            problems.append("\(path): context: no [contexts.\(name)] (known: \(c.contexts.keys.sorted().joined(separator: ", ")))")
        }
        return (c, problems)
    }

    /// An API key written into the file would be read by anyone who can read the file, and end
    /// up in backups: every value shaped like one is refused (and never repeated).
    static func refuseKeys(_ table: TOMLTable, path: String, at prefix: String) -> [String] {
        var problems: [String] = []
        for key in table.keys {
            let name = prefix + key
            if let sub = table[key]?.table { problems += refuseKeys(sub, path: path, at: name + ".") }
            let strings = [table[key]?.string].compactMap { $0 } + (table[key]?.array?.compactMap { $0.string } ?? [])
            if strings.contains(where: { $0.contains("sk_case_") }) {
                problems.append("\(path): \(name): looks like an API key, which does not belong in a file; put it in an environment "
                                + "variable and name that variable with api_key_env")
            }
        }
        return problems
    }

    /// One level of settings (the top of the file, or a context).
    static func read(_ table: TOMLTable, path: String, prefix: String, known: [String], problems: inout [String]) -> ConfigFile {
        var c = ConfigFile()
        func string(_ key: String) -> String? {
            guard let v = table[key] else { return nil }
            if let s = v.string { return s.contains("sk_case_") ? nil : s }
            problems.append("\(path): \(prefix)\(key): expected a string")
            return nil
        }
        func bool(_ key: String) -> Bool? {
            guard let v = table[key] else { return nil }
            if let b = v.bool { return b }
            problems.append("\(path): \(prefix)\(key): expected true or false")
            return nil
        }
        c.baseURL = string("base_url")
        c.theme = string("theme")
        c.logFile = string("log_file")
        c.apiKeyEnv = string("api_key_env")
        c.readonly = bool("readonly")
        c.ascii = bool("ascii")
        c.notifyOnFailure = bool("notify_on_failure")
        c.clipboard = bool("clipboard")
        c.mouse = bool("mouse")
        if let v = table["interval"] {
            if let d = v.double ?? v.int.map(Double.init), (0.5...300).contains(d) { c.interval = d }
            else { problems.append("\(path): \(prefix)interval: expected seconds between 0.5 and 300") }
        }
        if let text = string("notify") {
            if let mode = NotificationMode(rawValue: text) { c.notify = mode }
            else { problems.append("\(path): \(prefix)notify: expected one of \(NotificationMode.allCases.map(\.rawValue).joined(separator: ", "))") }
        }
        if let v = table["keys"] {
            if let keys = v.table {
                for name in keys.keys {
                    if let one = keys[name]?.string { c.keys[name] = [one] }
                    else if let many = keys[name]?.array, case let names = many.compactMap({ $0.string }), names.count == many.count {
                        c.keys[name] = names
                    } else { problems.append("\(path): \(prefix)keys.\(name): expected a key like \"C\" or a list like [\"q\", \"ctrl-q\"]") }
                }
            } else { problems.append("\(path): \(prefix)keys: expected a table like [keys] cancel = \"C\"") }
        }
        for (key, path_) in [("max_details_mb", \ConfigFile.maxDetailsMB), ("max_list_mb", \ConfigFile.maxListMB)] {
            guard let v = table[key] else { continue }
            if let n = v.int, (1...4096).contains(n) { c[keyPath: path_] = n }
            else { problems.append("\(path): \(prefix)\(key): expected megabytes between 1 and 4096") }
        }
        if let v = table["guards"] {
            if let t = v.table { c.guards = guards(t, path: path, prefix: prefix + "guards.", problems: &problems) }
            else { problems.append("\(path): \(prefix)guards: expected a table like [guards] max_run_cost_usd = 2.5") }
        }
        if let v = table["log_lines"] {
            if let n = v.int, logLinesRange.contains(n) { c.logLines = n }
            else { problems.append("\(path): \(prefix)log_lines: expected a whole number of lines between 100 and 1000000") }
        }
        for key in table.keys where !known.contains(key) {
            problems.append("\(path): \(prefix)unknown key '\(key)' (known: \(known.joined(separator: ", ")))")
        }
        return c
    }

    static func guards(_ t: TOMLTable, path: String, prefix: String, problems: inout [String]) -> GuardRules {
        var g = GuardRules()
        func number(_ key: String) -> Double? {
            guard let v = t[key] else { return nil }
            if let d = v.double ?? v.int.map(Double.init), d > 0, d.isFinite { return d }
            problems.append("\(path): \(prefix)\(key): expected a positive number")
            return nil
        }
        g.maxCostMicros = number("max_run_cost_usd").map { Int(($0 * 1_000_000).rounded()) }
        g.maxTokens = number("max_run_tokens").map { Int($0) }
        g.repeatedToolCalls = number("repeated_tool_calls").map { Int($0) }.flatMap { $0 >= 2 ? $0 : nil }
        if let r = number("failure_rate") {
            if r < 1 { g.failureRate = r } else { problems.append("\(path): \(prefix)failure_rate: expected a share below 1, like 0.3") }
        }
        if let v = t["max_run_duration"] {
            if let d = v.string.flatMap(DurationText.seconds) ?? v.int.map(Double.init), d > 0 { g.maxDuration = d }
            else { problems.append("\(path): \(prefix)max_run_duration: expected a duration like \"20m\"") }
        }
        let action = t["action"]?.string
        if let action, action != "cancel", action != "notify" {
            problems.append("\(path): \(prefix)action: expected \"notify\" or \"cancel\"")
        }
        if action == "cancel" {
            // Cancelling runs unattended is too consequential to turn on with one word.
            if t["allow_auto_cancel"]?.bool == true { g.cancel = true }
            else { problems.append("\(path): \(prefix)action = \"cancel\" is refused without allow_auto_cancel = true; guards only notify") }
        }
        for key in t.keys where !guardKeys.contains(key) {
            problems.append("\(path): \(prefix)unknown key '\(key)' (known: \(guardKeys.joined(separator: ", ")))")
        }
        return g
    }

    /// These settings with a context's on top (what the context sets wins).
    public func with(context c: ConfigFile) -> ConfigFile {
        var merged = self
        merged.baseURL = c.baseURL ?? baseURL
        merged.interval = c.interval ?? interval
        merged.theme = c.theme ?? theme
        merged.readonly = c.readonly ?? readonly
        merged.ascii = c.ascii ?? ascii
        merged.logFile = c.logFile ?? logFile
        merged.logLines = c.logLines ?? logLines
        merged.maxDetailsMB = c.maxDetailsMB ?? maxDetailsMB
        merged.maxListMB = c.maxListMB ?? maxListMB
        merged.guards = c.guards ?? guards
        merged.notify = c.notify ?? notify
        merged.notifyOnFailure = c.notifyOnFailure ?? notifyOnFailure
        merged.clipboard = c.clipboard ?? clipboard
        merged.mouse = c.mouse ?? mouse
        merged.keys = keys.merging(c.keys) { $1 }
        merged.apiKeyEnv = c.apiKeyEnv
        return merged
    }
}
