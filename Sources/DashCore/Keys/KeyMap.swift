/// Where a binding applies; `global` ones work in every pane.
public enum KeyContext: String, Sendable, Hashable {
    case global, lists, agents, runs, detail, steps, logs
}

public struct Binding: Sendable, Hashable {
    public var keys: [Key]
    public var command: Command
    public var context: KeyContext
    public var help: String
    /// Shown in the footer (the rest only in `?`).
    public var hint: String?

    /// Changes something on the server: hidden and refused under `--readonly`.
    public var mutating: Bool { if case .actions = command { true } else { false } }

    /// The command's name in the settings file's `[keys]` table: `cancel`, `next_stream`, …
    public var name: String {
        let inner: String = switch command {
        case .app(let c): "\(c)"
        case .nav(let c): "\(c)"
        case .runs(let c): "\(c)"
        case .logs(let c): "\(c)"
        case .actions(let c): "\(c)"
        case .insight(let c): "\(c)"
        }
        return inner.reduce(into: "") { out, ch in
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
    }
}

/// The one table that drives key dispatch, the `?` help overlay and the footer hints.
public enum KeyMap {
    private static func bind(_ keys: [Key], _ command: Command, _ context: KeyContext, _ help: String,
                             hint: String? = nil) -> Binding {
        Binding(keys: keys, command: command, context: context, help: help, hint: hint)
    }

    private static func bind(_ keys: [Key], _ command: Command, _ help: String, hint: String? = nil) -> Binding {
        bind(keys, command, .global, help, hint: hint)
    }

    public static let bindings: [Binding] = [
        bind([.char("q"), .ctrl("c")], .app(.quit), "quit", hint: "quit"),
        bind([.char("?")], .app(.help), "show / hide this help", hint: "help"),
        bind([.tab], .nav(.nextPane), "next pane", hint: "pane"),
        bind([.backTab], .nav(.previousPane), "previous pane"),
        bind([.up, .char("k")], .nav(.up), "move up / scroll up"),
        bind([.down, .char("j")], .nav(.down), "move down / scroll down"),
        bind([.pageUp, .ctrl("b")], .nav(.pageUp), "page up"),
        bind([.pageDown, .ctrl("f")], .nav(.pageDown), "page down"),
        bind([.char("g"), .home], .nav(.top), "go to top"),
        bind([.char("G"), .end], .nav(.bottom), "go to bottom (logs: resume follow)"),
        bind([.enter], .nav(.open), .lists, "open: agent → its definition, run → details", hint: "open"),
        bind([.esc], .nav(.back), "back / close / clear search"),
        bind([.char("/")], .runs(.filter), "filter runs by text (in logs: search, a regular expression)", hint: "filter"),
        bind([.char("S")], .runs(.statusFilter), "cycle status filter (all, queued, running, …)", hint: "status"),
        bind([.char("s")], .runs(.sort), "cycle sort order", hint: "sort"),
        bind([.char("r")], .app(.refresh), "refresh now (also retries after errors)", hint: "refresh"),
        bind([.char("+"), .char("=")], .app(.slower), "refresh less often (+0.5 s)"),
        bind([.char("-")], .app(.faster), "refresh more often (-0.5 s, at least 0.5 s)"),
        bind([.char("t")], .app(.nextTheme), "next theme"),
        bind([.char(":")], .app(.palette), "command: run ID, agent NAME, status S, sort KEY, theme NAME, interval S, log, q", hint: "cmd"),
        bind([.char("H")], .app(.actionLog), "action log: what was sent and what came of it"),
        bind([.char(" ")], .runs(.mark), .runs, "mark / unmark the run and move down (c and e then act on the marked runs)", hint: "mark"),
        bind([.char("U")], .runs(.clearMarks), "clear all marks"),
        bind([.char("b")], .runs(.watch), "notify me when the selected run ends (again: stop)"),
        bind([.char("y")], .app(.copyId), "copy the selected run's id (OSC 52: works over SSH)"),
        bind([.char("Y")], .app(.copyView), "copy what the detail pane shows (log view, output, …)"),
        bind([.char("n")], .actions(.newRun), "new run (form; in logs with a search: next match)", hint: "new run"),
        bind([.char("e")], .actions(.execute), "execute the selected (or every marked) queued run", hint: "exec"),
        bind([.char("c")], .actions(.cancel), "cancel the selected (or every marked) run (asks first)", hint: "cancel"),
        bind([.char("R")], .actions(.rerun), "run again: the new-run form filled from the selected run"),
        bind([.char("V")], .actions(.watchRun), "register a watcher URL (https) that gets the run's result"),
        bind([.char("E")], .actions(.editAgent), .agents, "edit the agent (name, description, instructions, model)"),
        bind([.char("D")], .actions(.deleteAgent), .agents, "delete the agent (type its name to confirm)"),
        bind([.char("a")], .actions(.newAgent), "new agent (form)"),
        bind([.char("x")], .actions(.oneShot), "one-shot execute (prompt → answer)"),
        bind([.char("l")], .logs(.nextStream), "next log stream (All merges every stream in time order)", hint: "stream"),
        bind([.char("L")], .logs(.previousStream), "previous log stream"),
        bind([.char("f")], .logs(.follow), "follow logs on / off", hint: "follow"),
        bind([.char("w")], .logs(.wrap), "wrap log lines on / off"),
        bind([.char("T")], .logs(.timestamps), "log timestamps on / off"),
        bind([.char("W")], .logs(.saveLog), "write the log view to a file (path is shown)"),
        bind([.char("o")], .logs(.openPager), "open the log view in $PAGER (less -R by default)"),
        bind([.right, .char("]")], .nav(.nextTab), .detail, "next detail tab (logs, steps, output, usage)"),
        bind([.left, .char("[")], .nav(.previousTab), .detail, "previous detail tab"),
        bind([.enter], .insight(.openStep), .steps, "open the step: its input, output and the log lines of its time"),
        bind([.char("s")], .insight(.sortSteps), .steps, "sort the steps by time, duration or cost"),
        bind([.char("F")], .insight(.firstFailure), .detail, "jump to the first failed tool result (or the run's error)"),
        bind([.char("d")], .insight(.diff), "compare the two marked runs: steps, time, tokens, cost, output"),
        bind([.char("h")], .insight(.health), "agent health: success, failures, p50/p95 duration, tokens and cost per agent"),
        bind([.char("n")], .logs(.nextMatch), .logs, "next search match"),
        bind([.char("N")], .logs(.previousMatch), .logs, "previous search match"),
        bind([.char("&")], .logs(.filterMatches), .logs, "show only matching lines / all lines"),
    ]

    /// The binding for a key in the given contexts; the most specific context wins.
    public static func resolve(_ key: Key, in table: [Binding], contexts: [KeyContext], readonly: Bool) -> Binding? {
        for context in contexts {
            if let b = table.first(where: { $0.context == context && $0.keys.contains(key) && !(readonly && $0.mutating) }) {
                return b
            }
        }
        return nil
    }

    /// True when the key would run an action that `--readonly` refuses.
    static func isRefusedAction(_ key: Key, in table: [Binding]) -> Bool { table.contains { $0.mutating && $0.keys.contains(key) } }

    /// Contexts that can be in force at the same time: a key bound twice in them is a conflict.
    static func overlap(_ a: KeyContext, _ b: KeyContext) -> Bool {
        if a == b || a == .global || b == .global { return true }
        let together: [Set<KeyContext>] = [[.runs, .lists], [.agents, .lists], [.logs, .detail], [.steps, .detail]]
        return together.contains { $0.contains(a) && $0.contains(b) }
    }

    /// The table with the user's keys (`[keys]` in the settings file: a command's name and the
    /// key or keys that replace its own). Unknown names, unreadable keys and keys that would
    /// collide are reported, and those commands keep their default keys.
    public static func remapped(_ overrides: [String: [String]]) -> ([Binding], [String]) {
        var table = bindings
        var problems: [String] = []
        var changed: [Int: [Key]] = [:]
        for (name, keyNames) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let i = table.firstIndex(where: { $0.name == name }) else {
                problems.append("keys.\(name): no such command (known: \(table.map(\.name).joined(separator: ", ")))")
                continue
            }
            let keys = keyNames.map { ($0, Key.parse($0)) }
            if let bad = keys.first(where: { $0.1 == nil }) {
                problems.append("keys.\(name): \"\(bad.0)\" is not a key (a character, ctrl-x, enter, esc, tab, space, up, pgdn, f1…)")
                continue
            }
            if keys.isEmpty { problems.append("keys.\(name): no key given"); continue }
            changed[i] = keys.compactMap(\.1)
        }
        for (i, keys) in changed { table[i].keys = keys }
        // A changed key that another command in force at the same time also has: keep the defaults.
        for i in changed.keys.sorted() {
            let b = table[i]
            if let other = table.indices.first(where: { $0 != i && overlap(table[$0].context, b.context)
                                                        && !Set(table[$0].keys).isDisjoint(with: b.keys) }) {
                let key = Set(table[other].keys).intersection(b.keys).first!.label
                problems.append("keys.\(b.name): \(key) is also \(table[other].name); keeping \(b.name)'s default keys")
                table[i].keys = bindings[i].keys
            }
        }
        return (table, problems)
    }
}
