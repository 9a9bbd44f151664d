/// A key press as the core understands it (the backend decodes terminal input into these).
public enum Key: Sendable, Hashable {
    case char(Character)
    case enter, altEnter, esc, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
    /// Control + a letter (lowercase), e.g. `.ctrl("c")`.
    case ctrl(Character)
    case function(Int)

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
