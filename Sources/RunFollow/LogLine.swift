import CaseDevAPI
import Foundation

/// One line of a run's log as kept and shown: its stream, its sanitised text, and the time it
/// starts with (if any), which orders the merged view of all streams.
public struct LogLine: Sendable, Hashable {
    public var stream: String
    /// Sanitised: no escape sequence or control character from the server.
    public var text: String
    /// The leading timestamp, if the line has one.
    public var time: Date?
    /// The time the merged view orders the line by: its own, else that of the line before it in
    /// its stream, so lines without a stamp stay after the line before them.
    public var sortTime: Date?
    /// Characters of the leading timestamp and the spaces after it (0 when none).
    public var stampLength: Int

    public init(stream: String, raw: some StringProtocol, previousTime: Date?) {
        self.stream = stream
        text = UntrustedText.line(raw)
        if let (time, length) = LogTimestamp.parse(text) {
            self.time = time
            stampLength = length
        } else {
            time = nil
            stampLength = 0
        }
        sortTime = time ?? previousTime
    }

    /// The text without its leading timestamp (timestamps off).
    public var withoutStamp: Substring { text.dropFirst(stampLength) }
}
