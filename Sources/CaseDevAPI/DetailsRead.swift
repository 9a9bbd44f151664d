import Foundation

/// Which part of a run's logs a details read keeps. A run's details carry its whole log every
/// time (7.7 MB for a 100,000-line run); the reader usually knows most of it already, so the
/// known part is skipped while the answer is read, never held in memory.
public struct LogsWanted: Sendable, Hashable {
    /// False: no logs at all (the run's cost, steps or status are what is wanted).
    public var wanted: Bool
    /// Per stream, the UTF-8 offset in its text from which bytes are kept (the reader has what
    /// comes before). Streams not named here are kept from their start.
    public var from: [String: Int]
    /// Of a stream kept from its start, only its last this many lines are kept.
    public var lastLines: Int?

    public init(wanted: Bool = true, from: [String: Int] = [:], lastLines: Int? = nil) {
        self.wanted = wanted; self.from = from; self.lastLines = lastLines
    }

    /// Every log, whole.
    public static let whole = LogsWanted()
    /// No logs.
    public static let none = LogsWanted(wanted: false)
}

/// The end of one log stream's text as a details read kept it: the bytes from UTF-8 offset
/// `start` to the end of the text, which is `start + bytes.count` long.
public struct LogText: Sendable, Hashable {
    public var start: Int
    /// Newlines in the text before `start`: the lines wholly before the kept bytes.
    public var linesBefore: Int
    /// The kept bytes begin a line (`start` is 0 or follows a newline).
    public var lineAligned: Bool
    public var bytes: [UInt8]

    public init(start: Int = 0, linesBefore: Int = 0, lineAligned: Bool = true, bytes: [UInt8]) {
        self.start = start; self.linesBefore = linesBefore; self.lineAligned = lineAligned; self.bytes = bytes
    }

    /// A whole text.
    public init(_ text: String) { self.init(bytes: Array(text.utf8)) }

    /// Length of the whole text in bytes.
    public var end: Int { start + bytes.count }
}

/// A run's details as read through a `LogsWanted`: `details.result.logs` is nil, the kept logs
/// are in `logs` (nil when none were wanted).
public struct DetailsRead: Sendable, Hashable {
    public var details: RunDetails
    public var logs: [String: LogText]?

    public init(details: RunDetails, logs: [String: LogText]?) {
        var stripped = details
        stripped.result?.logs = nil
        self.details = stripped
        self.logs = logs
    }

    /// Reads a whole details answer through `wanted` (the client reads it as it arrives).
    public static func parse(_ body: Data, logs wanted: LogsWanted) throws -> DetailsRead {
        var filter = DetailsLogFilter(wanted)
        filter.feed(body)
        return try DetailsRead(filter)
    }

    /// The details a filter has read: the rest of the answer decoded, the logs it kept.
    init(_ filter: DetailsLogFilter) throws {
        let (rest, logs) = filter.finish()
        self.init(details: try JSONDecoder.caseDev.decodeLeniently(RunDetails.self, from: rest),
                  logs: filter.window.wanted ? logs : nil)
    }

    /// Details read whole (their logs, if any, become whole texts).
    public init(_ details: RunDetails) {
        self.init(details: details, logs: details.result?.logs.map { $0.mapValues(LogText.init) })
    }
}
