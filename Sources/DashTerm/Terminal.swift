import CNCursesW
import DashCore
import Glibc

/// The only code that touches ncurses. Not Sendable: it stays with the one actor that made it
/// (the dashboard's, `DashActor`), because curses is not thread-safe and `wget_wch` may itself
/// refresh the screen.
public final class Terminal {
    private var screen: OpaquePointer?
    /// The stream curses writes to; notifications and clipboard copies go the same way.
    private var out: UnsafeMutablePointer<FILE>?
    private var window: UnsafeMutablePointer<WINDOW>?
    private var pairs: [PairKey: Int32] = [:]
    /// What is on the screen now, to send curses only the cells that changed.
    private var shown: Grid?
    private var shownTheme: Theme?
    private var nextPair: Int32 = 1
    public private(set) var colors = 0
    public private(set) var isActive = false

    struct PairKey: Hashable { var fg: Int32; var bg: Int32 }

    public init() {}

    /// True when the locale's character set is UTF-8 (else casedash draws ASCII).
    public static func localeIsUTF8() -> Bool {
        setlocale(LC_ALL, "")
        return cnc_is_utf8() != 0
    }

    public enum Addressing: Equatable, Sendable { case available, missing, unknownTerminal }

    /// Whether a terminal type (nil: `$TERM`) can move the cursor, read from terminfo without
    /// starting curses. Without it curses can only draw line after line: a blank screen.
    nonisolated public static func cursorAddressing(term: String?) -> Addressing {
        switch cnc_cursor_addressing(term) {
        case 1: .available
        case 0: .missing
        default: .unknownTerminal
        }
    }

    public func start() throws {
        setlocale(LC_ALL, "")
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        switch Self.cursorAddressing(term: nil) {
        case .available: break
        case .missing: throw TerminalError.noCursorAddressing(term: term)
        case .unknownTerminal: throw TerminalError.unknownTerminal(term: term)
        }
        CrashGuard.saveModes()
        guard let out = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r") else { throw TerminalError.cannotStart }
        guard let screen = newterm(nil, out, input) else { throw TerminalError.cannotStart }
        self.screen = screen
        self.out = out
        set_term(screen)
        CrashGuard.uiStarted()
        window = cnc_stdscr()
        cbreak()
        noecho()
        nonl()
        // No look for typed-ahead keys in the middle of an update: curses flushed its output and
        // polled stdin before every changed row, a write and a poll per row of each frame. A
        // frame is small and the keys are read right after it anyway.
        typeahead(-1)
        keypad(window, true)
        nodelay(window, true)
        curs_set(0)
        set_escdelay(25)
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(cnc_colors())
        }
        // ncurses flushes its output after every cursor move until the screen has come back
        // from an endwin once (it is still "initial": see _nc_mvcur in lib_mvcur.c), so a frame
        // went out as one write() per changed stretch of cells, each waking the terminal (tmux,
        // sshd) and often taking this thread off the CPU. One round trip through endwin, before
        // anything is drawn, makes every frame one write.
        def_prog_mode()
        endwin()
        doupdate()
        isActive = true
    }

    /// Restores the terminal from an exit hook too, for exits that skip the normal path. A crash
    /// skips atexit: `CrashGuard` covers that.
    public static func restoreOnExit() {
        atexit {
            if !isendwin() { endwin() }
        }
    }

    public func stop() {
        guard isActive else { return }
        isActive = false
        CrashGuard.uiStopped()
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        window = nil
    }

    public var size: Size {
        var rows: Int32 = 0, cols: Int32 = 0
        if cnc_winsize(STDOUT_FILENO, &rows, &cols) == 0, rows > 0, cols > 0 {
            return Size(cols: Int(cols), rows: Int(rows))
        }
        return Size(cols: Int(cnc_cols()), rows: Int(cnc_lines()))
    }

    /// Writes a control sequence (a notification, a clipboard copy) on the same stream curses
    /// draws on, after what curses has drawn, so it travels with the screen (over SSH too).
    public func send(_ sequence: String) {
        guard isActive, let out else { return }
        fflush(out)
        fputs(sequence, out)
        fflush(out)
    }

    /// Rings the terminal's bell through curses.
    public func bell() {
        guard isActive else { return }
        beep()
    }

    /// Hands the terminal to another program (the pager) in the state it had before curses.
    public func suspend() {
        guard isActive else { return }
        def_prog_mode()
        endwin()
        CrashGuard.uiStopped()
    }

    /// Takes the terminal back after `suspend`; the next `draw` repaints every cell.
    public func resume() {
        guard isActive else { return }
        reset_prog_mode()
        CrashGuard.uiStarted()
        invalidate()
    }

    /// Makes the next `draw` repaint every cell after clearing the screen, for when something
    /// else may have written to the terminal behind curses' back.
    public func invalidate() {
        guard isActive, let window else { return }
        shown = nil
        clearok(window, true)
    }

    /// Tells curses about a new size (after SIGWINCH, which casedash handles itself).
    public func resize(to size: Size) {
        guard isActive else { return }
        resizeterm(Int32(size.rows), Int32(size.cols))
        shown = nil
    }

    /// What the user did: a key, or a click or wheel turn.
    public enum Input: Sendable, Hashable {
        case key(Key)
        case mouse(MouseEvent)
    }

    /// Reports clicks and the wheel as input (on by default where the terminal can; Shift+drag
    /// still selects text in most terminals).
    public func enableMouse(_ on: Bool) {
        guard isActive else { return }
        _ = cnc_mouse(on ? 1 : 0)
    }

    /// Every key and mouse event waiting on stdin, decoded. Never blocks.
    public func readInput() -> [Input] {
        var mice: [Int: MouseEvent] = [:]
        let keys = readKeys { index in
            var x: Int32 = 0, y: Int32 = 0
            let kind: MouseEvent.Kind? = switch cnc_mouse_event(&x, &y) {
            case 1: .press
            case 4: .wheelUp
            case 5: .wheelDown
            default: nil
            }
            if let kind { mice[index] = MouseEvent(x: Int(x), y: Int(y), kind: kind) }
        }
        var out: [Input] = []
        for (i, key) in keys.enumerated() {
            if let m = mice[i] { out.append(.mouse(m)) } else if let key { out.append(.key(key)) }
        }
        return out
    }

    /// Every key waiting on stdin, decoded. Never blocks.
    public func readKeys() -> [Key] { readKeys { _ in }.compactMap { $0 } }

    /// Keys in order; a mouse event takes a nil slot, reported to `mouse` with its index.
    private func readKeys(mouse: (Int) -> Void) -> [Key?] {
        guard isActive, let window else { return [] }
        var keys: [Key?] = []
        var pending: (Int32, wint_t)?
        func next() -> (Int32, wint_t)? {
            if let p = pending { pending = nil; return p }
            var ch: wint_t = 0
            let r = wget_wch(window, &ch)
            return r == ERR ? nil : (r, ch)
        }
        while let (kind, ch) = next() {
            if kind == KEY_CODE_YES {
                if Int32(ch) == KEY_MOUSE { mouse(keys.count); keys.append(nil); continue }
                if let k = Self.special(Int32(ch)) { keys.append(k) }
                continue
            }
            switch ch {
            case 27:
                // Alt-Enter arrives as ESC followed at once by CR.
                if let following = next() {
                    if following.0 != KEY_CODE_YES, following.1 == 13 || following.1 == 10 { keys.append(.altEnter); continue }
                    pending = following
                }
                keys.append(.esc)
            case 13: keys.append(.enter)
            case 10: keys.append(.ctrl("j"))
            case 9: keys.append(.tab)
            case 8, 127: keys.append(.backspace)
            case 1...26: keys.append(.ctrl(Character(Unicode.Scalar(UInt8(96 + ch)))))
            default:
                if let scalar = Unicode.Scalar(UInt32(ch)) { keys.append(.char(Character(scalar))) }
            }
        }
        return keys
    }

    static func special(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_BTAB: .backTab
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_ENTER: .enter
        case KEY_F0 + 1...KEY_F0 + 12: .function(Int(code - KEY_F0))
        default: nil
        }
    }

    /// Copies the grid to the screen. curses compares with what is shown and sends only the
    /// cells that changed, so redrawing every cell costs no output when nothing changed.
    public func draw(_ grid: Grid, theme: Theme) {
        guard isActive, let window else { return }
        let cells = grid.cells
        // Cells as last drawn, when the size and theme are unchanged: only differences are sent.
        let previous: [Cell]? = shown?.size == grid.size && shownTheme == theme ? shown?.cells : nil
        if previous == cells { return }
        shown = grid
        shownTheme = theme
        var styles: [Role: (attr_t, Int32)] = [:]
        var buffer = [wchar_t](repeating: 0, count: 8)
        let width = grid.size.cols
        let rows = min(grid.size.rows, Int(cnc_lines())), cols = min(width, Int(cnc_cols()))
        for y in 0..<rows {
            for x in 0..<cols {
                let i = y * width + x
                let cell = cells[i]
                if cell.isContinuation { continue }  // right half of a wide character
                // Unchanged, and so is its right neighbour (which a wide character would cover).
                if let previous, previous[i] == cell, x + 1 >= cols || previous[i + 1] == cells[i + 1] { continue }
                let style: (attr_t, Int32)
                if let s = styles[cell.role] { style = s } else { style = resolve(theme.style(cell.role)); styles[cell.role] = style }
                var n = 0
                cell.forEachScalar { scalar in
                    guard n < 7 else { return }
                    buffer[n] = wchar_t(bitPattern: scalar)
                    n += 1
                }
                buffer[n] = 0
                // The bottom-right cell cannot be written without scrolling on some terminals; curses returns ERR, harmless.
                _ = cnc_put_cell(window, Int32(y), Int32(x), buffer, style.0, style.1)
            }
        }
        wnoutrefresh(window)
        doupdate()
    }

    private func resolve(_ s: StyleSpec) -> (attr_t, Int32) {
        var attrs = CNC_A_NORMAL
        if s.bold { attrs |= CNC_A_BOLD }
        if s.dim { attrs |= CNC_A_DIM }
        if s.reverse { attrs |= CNC_A_REVERSE }
        if s.underline { attrs |= CNC_A_UNDERLINE }
        if s.italic { attrs |= CNC_A_ITALIC }
        guard colors >= 8 else { return (attrs, 0) }
        let key = PairKey(fg: number(s.fg), bg: number(s.bg))
        if key.fg == -1 && key.bg == -1 { return (attrs, 0) }
        if let pair = pairs[key] { return (attrs, pair) }
        guard nextPair < cnc_color_pairs() else { return (attrs, 0) }
        let pair = nextPair
        nextPair += 1
        init_extended_pair(pair, key.fg, key.bg)
        pairs[key] = pair
        return (attrs, pair)
    }

    private func number(_ c: ColorSpec) -> Int32 {
        switch c.downgraded(to: colors) {
        case .terminalDefault: -1
        case .index(let i): Int32(i)
        case .rgb: -1
        }
    }
}

public enum TerminalError: Error, CustomStringConvertible {
    case notATerminal, cannotStart
    case noCursorAddressing(term: String)
    case unknownTerminal(term: String)

    public var description: String {
        switch self {
        case .noCursorAddressing(let term):
            "casedash needs a terminal with cursor addressing (TERM=\(term) has none); try TERM=xterm-256color"
        case .unknownTerminal(let term):
            "casedash does not know the terminal type TERM=\(term) (no terminfo entry); try TERM=xterm-256color"
        case .notATerminal: "casedash needs an interactive terminal (try `casedash snapshot` for plain text)"
        case .cannotStart: "cannot start the terminal UI (is TERM set to a known terminal?)"
        }
    }
}
