/// Makes untrusted text (logs, prompts, outputs, names, server errors) safe to show: no escape
/// sequence, control character or bidi override from the server reaches a terminal, whether it
/// is drawn by the dashboard, printed by a command, or replayed from the log file by `tail -f`.
/// It lives here, beside the client, because all three need it and the client's own error
/// messages carry server text; DashCore's `Sanitizer` is this, for drawing.
public enum UntrustedText {
    /// One line: escape sequences removed, tabs expanded to spaces, every other control and
    /// line break replaced by a visible space, API keys redacted.
    public static func line(_ text: some StringProtocol, tabWidth: Int = 4) -> String {
        var out = String.UnicodeScalarView()
        var column = 0
        var it = String(text).unicodeScalars.makeIterator()
        while let s = it.next() {
            switch s.value {
            case 0x1B:
                skipEscape(&it)
            case 0x9B:  // C1 CSI
                skipCSI(&it)
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F:  // C1 OSC, DCS, SOS, PM, APC
                skipString(&it)
            case 0x09:
                let n = tabWidth - column % tabWidth
                for _ in 0..<n { out.append(" ") }
                column += n
            case 0x0A, 0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
                out.append(" "); column += 1
            case 0..<0x20, 0x7F, 0x80..<0xA0:
                break
            case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                break  // bidi controls can reorder what the user sees
            default:
                out.append(s)
                column += 1
            }
        }
        // After sanitising, so a key split by an escape sequence is whole again when redacted.
        return Redaction.apply(String(out))
    }

    /// Multi-line text split into sanitized lines (CR, LF and CRLF all end a line).
    public static func lines(_ text: some StringProtocol) -> [String] {
        var result: [String] = []
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == "\n" || c == "\r\n" || c == "\r" {
                result.append(line(text[start..<i]))
                start = text.index(after: i)
            }
            i = text.index(after: i)
        }
        result.append(line(text[start...]))
        return result
    }

    private static func skipEscape(_ it: inout String.UnicodeScalarView.Iterator) {
        guard let next = it.next() else { return }
        switch next.value {
        case 0x5B: skipCSI(&it)                                  // ESC [
        case 0x5D, 0x50, 0x58, 0x5E, 0x5F: skipString(&it)       // ESC ] P X ^ _
        case 0x20...0x2F:                                        // ESC with intermediates, e.g. ESC ( B
            while let s = it.next(), (0x20...0x2F).contains(s.value) {}
        default: break                                           // two-character sequence
        }
    }

    private static func skipCSI(_ it: inout String.UnicodeScalarView.Iterator) {
        while let s = it.next() {
            if (0x40...0x7E).contains(s.value) { return }
            if s.value < 0x20 || s.value > 0x7E { return }
        }
    }

    /// OSC/DCS/... end with BEL or ST (ESC \ or 0x9C).
    private static func skipString(_ it: inout String.UnicodeScalarView.Iterator) {
        while let s = it.next() {
            if s.value == 0x07 || s.value == 0x9C { return }
            if s.value == 0x1B { _ = it.next(); return }
        }
    }
}
