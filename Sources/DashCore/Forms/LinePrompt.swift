/// A one-line prompt in the footer: the run filter and the log search apply while typing; a
/// `:` command runs on Enter.
public struct LinePrompt: Sendable, Hashable {
    public enum Purpose: Sendable, Hashable { case runFilter, logSearch, command }
    public var purpose: Purpose
    public var text: String
    /// Why the text is not applied (an invalid pattern), shown in the prompt line.
    public var problem: String?
    /// Where ↑/↓ are in the command history (nil: the text being typed).
    public var historyIndex: Int?
    /// What Tab offered last, shown until the next key.
    public var completions: [String] = []

    public init(purpose: Purpose, text: String) {
        self.purpose = purpose
        self.text = text
    }
}
