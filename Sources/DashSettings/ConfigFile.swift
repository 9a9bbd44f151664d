import DashCore
import Foundation
import TOMLKit

/// `$XDG_CONFIG_HOME/casedash/config.toml` (or `--config PATH`): defaults for the options, so
/// they need not be typed each time. Command-line options win, then the environment, then this.
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

    public init() {}

    public static let keys = ["base_url", "interval", "theme", "readonly", "ascii", "log_file", "log_lines",
                              "notify", "notify_on_failure", "clipboard", "mouse", "keys"]
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
        var c = ConfigFile()
        var problems: [String] = []
        func string(_ key: String) -> String? {
            guard let v = table[key] else { return nil }
            if let s = v.string { return s }
            problems.append("\(path): \(key): expected a string")
            return nil
        }
        func bool(_ key: String) -> Bool? {
            guard let v = table[key] else { return nil }
            if let b = v.bool { return b }
            problems.append("\(path): \(key): expected true or false")
            return nil
        }
        c.baseURL = string("base_url")
        c.theme = string("theme")
        c.logFile = string("log_file")
        c.readonly = bool("readonly")
        c.ascii = bool("ascii")
        if let v = table["interval"] {
            if let d = v.double ?? v.int.map(Double.init), (0.5...300).contains(d) { c.interval = d }
            else { problems.append("\(path): interval: expected seconds between 0.5 and 300") }
        }
        c.notifyOnFailure = bool("notify_on_failure")
        c.clipboard = bool("clipboard")
        c.mouse = bool("mouse")
        if let text = string("notify") {
            if let mode = NotificationMode(rawValue: text) { c.notify = mode }
            else { problems.append("\(path): notify: expected one of \(NotificationMode.allCases.map(\.rawValue).joined(separator: ", "))") }
        }
        if let v = table["keys"] {
            if let keys = v.table {
                for name in keys.keys {
                    if let one = keys[name]?.string { c.keys[name] = [one] }
                    else if let many = keys[name]?.array, case let names = many.compactMap({ $0.string }), names.count == many.count {
                        c.keys[name] = names
                    } else { problems.append("\(path): keys.\(name): expected a key like \"C\" or a list like [\"q\", \"ctrl-q\"]") }
                }
            } else { problems.append("\(path): keys: expected a table like [keys] cancel = \"C\"") }
        }
        if let v = table["log_lines"] {
            if let n = v.int, logLinesRange.contains(n) { c.logLines = n }
            else { problems.append("\(path): log_lines: expected a whole number of lines between 100 and 1000000") }
        }
        for key in table.keys where !keys.contains(key) {
            problems.append("\(path): unknown key '\(key)' (known: \(keys.joined(separator: ", ")))")
        }
        return (c, problems)
    }
}
