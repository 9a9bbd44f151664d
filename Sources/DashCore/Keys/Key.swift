/// A key press as the core understands it (the backend decodes terminal input into these).
public enum Key: Sendable, Hashable {
    case char(Character)
    case enter, altEnter, esc, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
    /// Control + a letter (lowercase), e.g. `.ctrl("c")`.
    case ctrl(Character)
    case function(Int)

    /// A key as the settings file names it: one character (`C`, `?`), or `ctrl-x`, `enter`,
    /// `esc`, `tab`, `shift-tab`, `space`, `backspace`, `delete`, `up`, `down`, `left`, `right`,
    /// `pgup`, `pgdn`, `home`, `end`, `f1`…`f12`.
    public static func parse(_ name: String) -> Key? {
        if name.count == 1, let c = name.first { return .char(c) }
        let n = name.lowercased()
        if n.hasPrefix("ctrl-"), n.count == 6, let c = n.last, c.isLetter { return .ctrl(c) }
        if n.hasPrefix("f"), let i = Int(n.dropFirst()), (1...12).contains(i) { return .function(i) }
        let named: [String: Key] = [
            "enter": .enter, "return": .enter, "alt-enter": .altEnter, "esc": .esc, "escape": .esc, "tab": .tab,
            "shift-tab": .backTab, "backtab": .backTab, "space": .char(" "), "backspace": .backspace, "delete": .delete,
            "del": .delete, "up": .up, "down": .down, "left": .left, "right": .right, "pgup": .pageUp, "pageup": .pageUp,
            "pgdn": .pageDown, "pagedown": .pageDown, "home": .home, "end": .end,
        ]
        return named[n]
    }

    /// How the key is written in help and hints.
    public var label: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .enter: "Enter"
        case .altEnter: "Alt-Enter"
        case .esc: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .ctrl(let c): "Ctrl-\(c.uppercased())"
        case .function(let n): "F\(n)"
        }
    }
}
