/// Where a binding applies; `global` ones work in every pane.
public enum KeyContext: String, Sendable, Hashable {
    case global, lists, runs, detail, logs
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
        bind([.enter], .nav(.open), .lists, "open: agent → its runs, run → details", hint: "open"),
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
        bind([.char("n")], .logs(.nextMatch), .logs, "next search match"),
        bind([.char("N")], .logs(.previousMatch), .logs, "previous search match"),
        bind([.char("&")], .logs(.filterMatches), .logs, "show only matching lines / all lines"),
    ]

    /// The binding for a key in the given contexts; the most specific context wins.
    public static func resolve(_ key: Key, contexts: [KeyContext], readonly: Bool) -> Binding? {
        for context in contexts {
            if let b = bindings.first(where: { $0.context == context && $0.keys.contains(key) && !(readonly && $0.mutating) }) {
                return b
            }
        }
        return nil
    }

    /// True when the key would run an action that `--readonly` refuses.
    static func isRefusedAction(_ key: Key) -> Bool { bindings.contains { $0.mutating && $0.keys.contains(key) } }
}
