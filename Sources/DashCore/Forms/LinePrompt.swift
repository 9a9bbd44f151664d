/// A one-line prompt in the footer (run filter or log search); it applies while typing.
public struct LinePrompt: Sendable, Hashable {
    public enum Purpose: Sendable, Hashable { case runFilter, logSearch }
    public var purpose: Purpose
    public var text: String
    /// Why the text is not applied (an invalid pattern), shown in the prompt line.
    public var problem: String?
}
