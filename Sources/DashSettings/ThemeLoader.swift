import DashCore
import Foundation
import TOMLKit

/// Reads theme files (TOML) from the bundled `themes/` folder and the user's
/// `$XDG_CONFIG_HOME/casedash/themes/`. A broken file is reported by file and key and skipped
/// or partly applied; loading never fails as a whole.
public enum ThemeLoader {
    public struct Definition: Sendable {
        public var name: String
        public var path: String
        public var extends: String?
        public var monochrome: Bool?
        public var overrides: [Role: StyleSpec]
    }

    static let order = ["dark", "light", "high-contrast", "monochrome"]

    /// Parses one theme file. Problems are returned as messages naming the file and key.
    public static func parse(text: String, path: String) -> (Definition?, [String]) {
        let fallbackName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            return (nil, ["\(path): line \(e.source.begin.line), column \(e.source.begin.column): \(e.description)"])
        } catch {
            return (nil, ["\(path): \(error)"])
        }
        var problems: [String] = []
        var def = Definition(name: table["name"]?.string ?? fallbackName, path: path,
                             extends: table["extends"]?.string, monochrome: table["monochrome"]?.bool, overrides: [:])
        if let roles = table["roles"]?.table {
            collect(roles, prefix: "", into: &def.overrides, problems: &problems, path: path)
        } else if table["roles"] != nil {
            problems.append("\(path): roles: expected a table")
        }
        for key in table.keys where !["name", "extends", "monochrome", "roles"].contains(key) {
            problems.append("\(path): unknown key '\(key)'")
        }
        return (def, problems)
    }

    static let attributeKeys: Set<String> = ["fg", "bg", "bold", "dim", "reverse", "underline", "italic"]

    private static func collect(_ table: TOMLTable, prefix: String, into styles: inout [Role: StyleSpec],
                                problems: inout [String], path: String) {
        for key in table.keys {
            let name = prefix.isEmpty ? key : "\(prefix).\(key)"
            guard let sub = table[key]?.table else {
                problems.append("\(path): roles.\(name): expected a table like { fg = \"red\", bold = true }")
                continue
            }
            if sub.keys.allSatisfy({ attributeKeys.contains($0) }), let role = Role(rawValue: name) {
                styles[role] = style(sub, name: name, path: path, problems: &problems)
            } else if sub.keys.allSatisfy({ attributeKeys.contains($0) }) {
                problems.append("\(path): roles.\(name): unknown role")
            } else {
                collect(sub, prefix: name, into: &styles, problems: &problems, path: path)
            }
        }
    }

    private static func style(_ t: TOMLTable, name: String, path: String, problems: inout [String]) -> StyleSpec {
        var s = StyleSpec()
        for key in ["fg", "bg"] {
            guard let v = t[key] else { continue }
            if let text = v.string, let c = ColorSpec.parse(text) {
                if key == "fg" { s.fg = c } else { s.bg = c }
            } else if let n = v.int, let c = ColorSpec.parse(String(n)) {
                if key == "fg" { s.fg = c } else { s.bg = c }
            } else {
                problems.append("\(path): roles.\(name).\(key): not a colour (use default, a name like red, 0-255, or #rrggbb)")
            }
        }
        func flag(_ key: String) -> Bool {
            guard let v = t[key] else { return false }
            if let b = v.bool { return b }
            problems.append("\(path): roles.\(name).\(key): expected true or false")
            return false
        }
        s.bold = flag("bold"); s.dim = flag("dim"); s.reverse = flag("reverse")
        s.underline = flag("underline"); s.italic = flag("italic")
        return s
    }

    /// Resolves `extends` chains; a theme without one starts from the built-in dark theme.
    public static func resolve(_ definitions: [Definition]) -> ([Theme], [String]) {
        var byName: [String: Definition] = [:]
        for d in definitions { byName[d.name] = d }  // later (user) definitions win
        var resolved: [String: Theme] = [:]
        var problems: [String] = []
        func build(_ name: String, _ visiting: Set<String>) -> Theme {
            if let t = resolved[name] { return t }
            guard let d = byName[name] else { return Theme.builtinDark }
            var base = Theme.builtinDark
            if let parent = d.extends {
                if visiting.contains(parent) {
                    problems.append("\(d.path): extends: '\(parent)' makes a cycle; using the built-in dark theme as base")
                } else if byName[parent] == nil && parent != "dark" {
                    problems.append("\(d.path): extends: no theme named '\(parent)'; using the built-in dark theme as base")
                } else {
                    base = build(parent, visiting.union([name]))
                }
            }
            var theme = Theme(name: d.name, styles: base.styles.merging(d.overrides) { $1 },
                              monochrome: d.monochrome ?? base.monochrome)
            theme.name = d.name
            resolved[name] = theme
            return theme
        }
        let names = byName.keys.sorted { a, b in
            let ia = order.firstIndex(of: a) ?? Int.max, ib = order.firstIndex(of: b) ?? Int.max
            return ia != ib ? ia < ib : a < b
        }
        let themes = names.map { build($0, []) }
        return (themes.isEmpty ? [Theme.builtinDark] : themes, problems)
    }

    /// The themes of `themes/`, compiled into the binary so every install has them.
    public static func bundled() -> [Definition] {
        BundledThemes.files.compactMap { parse(text: $0.text, path: "(built in) \($0.name)").0 }
    }

    /// The text of a bundled theme file, by file name.
    public static func bundledText(_ file: String) -> String? { BundledThemes.files.first { $0.name == file }?.text }

    /// Every `*.toml` in the directories, in order (a later directory overrides an earlier one).
    public static func loadAll(directories: [String]) -> ([Theme], [String]) {
        var definitions: [Definition] = []
        var problems: [String] = []
        let fm = FileManager.default
        for dir in directories {
            guard let files = try? fm.contentsOfDirectory(atPath: dir) else { continue }
            for file in files.sorted() where file.hasSuffix(".toml") {
                let path = (dir as NSString).appendingPathComponent(file)
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    problems.append("\(path): cannot be read as UTF-8 text")
                    continue
                }
                let (def, p) = parse(text: text, path: path)
                problems += p
                if let def { definitions.append(def) }
            }
        }
        let (themes, more) = resolve(definitions)
        return (themes, problems + more)
    }

    /// A theme given as a path on the command line.
    public static func load(path: String, with known: [Theme]) -> (Theme?, [String]) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return (nil, ["\(path): cannot be read"]) }
        let (def, problems) = parse(text: text, path: path)
        guard let def else { return (nil, problems) }
        let base = known.first { $0.name == def.extends } ?? Theme.builtinDark
        return (Theme(name: def.name, styles: base.styles.merging(def.overrides) { $1 },
                      monochrome: def.monochrome ?? base.monochrome), problems)
    }
}
