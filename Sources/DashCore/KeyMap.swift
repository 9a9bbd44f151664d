/// Everything a key can do outside forms and dialogs.
public enum Command: String, Sendable, Hashable, CaseIterable {
    case quit, help, nextPane, previousPane, up, down, pageUp, pageDown, top, bottom, open, back
    case filter, statusFilter, sort, refresh, slower, faster, nextTheme
    case newRun, execute, cancel, newAgent, oneShot
    case nextStream, follow, wrap, saveLog, nextTab, previousTab, nextMatch, previousMatch
}

/// Where a binding applies; `global` ones work in every pane.
public enum KeyContext: String, Sendable, Hashable {
    case global, lists, runs, detail, logs
}

public struct Binding: Sendable, Hashable {
    public var keys: [Key]
    public var command: Command
    public var context: KeyContext
    public var help: String
    /// Hidden and refused under `--readonly`.
    public var mutating: Bool
    /// Shown in the footer (the rest only in `?`).
    public var hint: String?
}

/// The one table that drives key dispatch, the `?` help overlay and the footer hints.
public enum KeyMap {
    public static let bindings: [Binding] = [
        Binding(keys: [.char("q"), .ctrl("c")], command: .quit, context: .global, help: "quit", mutating: false, hint: "quit"),
        Binding(keys: [.char("?")], command: .help, context: .global, help: "show / hide this help", mutating: false, hint: "help"),
        Binding(keys: [.tab], command: .nextPane, context: .global, help: "next pane", mutating: false, hint: "pane"),
        Binding(keys: [.backTab], command: .previousPane, context: .global, help: "previous pane", mutating: false, hint: nil),
        Binding(keys: [.up, .char("k")], command: .up, context: .global, help: "move up / scroll up", mutating: false, hint: nil),
        Binding(keys: [.down, .char("j")], command: .down, context: .global, help: "move down / scroll down", mutating: false, hint: nil),
        Binding(keys: [.pageUp, .ctrl("b")], command: .pageUp, context: .global, help: "page up", mutating: false, hint: nil),
        Binding(keys: [.pageDown, .ctrl("f")], command: .pageDown, context: .global, help: "page down", mutating: false, hint: nil),
        Binding(keys: [.char("g"), .home], command: .top, context: .global, help: "go to top", mutating: false, hint: nil),
        Binding(keys: [.char("G"), .end], command: .bottom, context: .global, help: "go to bottom (logs: resume follow)", mutating: false, hint: nil),
        Binding(keys: [.enter], command: .open, context: .lists, help: "open: agent → its runs, run → details", mutating: false, hint: "open"),
        Binding(keys: [.esc], command: .back, context: .global, help: "back / close / clear search", mutating: false, hint: nil),
        Binding(keys: [.char("/")], command: .filter, context: .global, help: "filter runs by text (in logs: search)", mutating: false, hint: "filter"),
        Binding(keys: [.char("S")], command: .statusFilter, context: .global, help: "cycle status filter (all, queued, running, …)", mutating: false, hint: "status"),
        Binding(keys: [.char("s")], command: .sort, context: .global, help: "cycle sort order", mutating: false, hint: "sort"),
        Binding(keys: [.char("r")], command: .refresh, context: .global, help: "refresh now (also retries after errors)", mutating: false, hint: "refresh"),
        Binding(keys: [.char("+"), .char("=")], command: .slower, context: .global, help: "refresh less often (+0.5 s)", mutating: false, hint: nil),
        Binding(keys: [.char("-")], command: .faster, context: .global, help: "refresh more often (-0.5 s, at least 0.5 s)", mutating: false, hint: nil),
        Binding(keys: [.char("t")], command: .nextTheme, context: .global, help: "next theme", mutating: false, hint: nil),
        Binding(keys: [.char("n")], command: .newRun, context: .global, help: "new run (form; in logs with a search: next match)", mutating: true, hint: "new run"),
        Binding(keys: [.char("e")], command: .execute, context: .global, help: "execute the selected queued run", mutating: true, hint: "exec"),
        Binding(keys: [.char("c")], command: .cancel, context: .global, help: "cancel the selected run (asks first)", mutating: true, hint: "cancel"),
        Binding(keys: [.char("a")], command: .newAgent, context: .global, help: "new agent (form)", mutating: true, hint: nil),
        Binding(keys: [.char("x")], command: .oneShot, context: .global, help: "one-shot execute (prompt → answer)", mutating: true, hint: nil),
        Binding(keys: [.char("l")], command: .nextStream, context: .global, help: "next log stream", mutating: false, hint: "stream"),
        Binding(keys: [.char("f")], command: .follow, context: .global, help: "follow logs on / off", mutating: false, hint: "follow"),
        Binding(keys: [.char("w")], command: .wrap, context: .global, help: "wrap log lines on / off", mutating: false, hint: nil),
        Binding(keys: [.char("W")], command: .saveLog, context: .global, help: "write the log stream to a file (path is shown)", mutating: false, hint: nil),
        Binding(keys: [.right, .char("]")], command: .nextTab, context: .detail, help: "next detail tab (logs, steps, output, usage)", mutating: false, hint: nil),
        Binding(keys: [.left, .char("[")], command: .previousTab, context: .detail, help: "previous detail tab", mutating: false, hint: nil),
        Binding(keys: [.char("n")], command: .nextMatch, context: .logs, help: "next search match", mutating: false, hint: nil),
        Binding(keys: [.char("N")], command: .previousMatch, context: .logs, help: "previous search match", mutating: false, hint: nil),
    ]

    /// The command for a key in the given contexts; the most specific context wins.
    public static func command(for key: Key, contexts: [KeyContext], readonly: Bool) -> Binding? {
        for context in contexts {
            if let b = bindings.first(where: { $0.context == context && $0.keys.contains(key) && !(readonly && $0.mutating) }) {
                return b
            }
        }
        return nil
    }
}
