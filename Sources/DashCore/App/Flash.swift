import Foundation

/// A one-line message in the footer: information goes after a few seconds, errors stay until
/// Esc or the next message.
public struct Flash: Sendable, Hashable {
    public static let duration: TimeInterval = 6

    public var text: String
    public var isError: Bool
    public var until: Date
    public init(text: String, isError: Bool, until: Date) { self.text = text; self.isError = isError; self.until = until }

    init(_ text: String, error: Bool, now: Date) {
        self.init(text: Sanitizer.line(text), isError: error, until: now.addingTimeInterval(Self.duration))
    }
}
