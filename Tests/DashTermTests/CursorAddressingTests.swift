import DashTerm
import Testing

/// casedash draws by moving the cursor; on a terminal that cannot, it must refuse to start
/// instead of showing a blank screen with one line.
@Suite struct CursorAddressing {
    @Test func dumbTerminalHasNone() {
        #expect(Terminal.cursorAddressing(term: "dumb") == .missing)
    }

    @Test func commonTerminalsHaveIt() {
        for term in ["xterm-256color", "xterm", "screen", "tmux-256color", "linux", "vt100"] {
            #expect(Terminal.cursorAddressing(term: term) == .available, "\(term)")
        }
    }

    @Test func unknownTerminalIsReportedAsUnknown() {
        #expect(Terminal.cursorAddressing(term: "no-such-terminal-casedash") == .unknownTerminal)
    }

    @Test func messageNamesTheTerminalAndAFix() {
        let text = TerminalError.noCursorAddressing(term: "dumb").description
        #expect(text == "casedash needs a terminal with cursor addressing (TERM=dumb has none); try TERM=xterm-256color")
    }
}
