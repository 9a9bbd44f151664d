import CaseDevAPI

/// Makes untrusted text (logs, prompts, outputs, names, server errors) safe to draw: no escape
/// sequence, control character or bidi override from the server reaches the terminal. The rules
/// are CaseDevAPI's `UntrustedText`, shared with the log file and the client's error messages.
public enum Sanitizer {
    /// One line: escape sequences removed, tabs expanded to spaces, every other control and
    /// line break replaced by a visible space.
    public static func line(_ text: some StringProtocol, tabWidth: Int = 4) -> String {
        UntrustedText.line(text, tabWidth: tabWidth)
    }

    /// Multi-line text split into sanitized lines (CR, LF and CRLF all end a line).
    public static func lines(_ text: some StringProtocol) -> [String] {
        UntrustedText.lines(text)
    }
}
