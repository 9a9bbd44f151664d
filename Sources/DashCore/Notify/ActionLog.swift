import Foundation

/// Every request that changed something, with what came of it: the operator's record of what
/// they did (`H`), also written to `--log-file`. Bounded; free text is cut to 80 characters and
/// never holds the key (it is sanitised and redacted like everything drawn).
public struct ActionLog: Sendable {
    public static let limit = 500
    public static let textLimit = 80

    public struct Entry: Sendable, Hashable {
        public var time: Date
        public var what: String
        public var target: String
        public var outcome: String
        public var ok: Bool

        /// One line for the log file and the overlay.
        public var line: String { "\(what) \(target): \(outcome)" }
    }

    /// Oldest first.
    public private(set) var entries: [Entry] = []
    /// What each request in flight is, to name it when its answer comes.
    private var sent: [ActionTarget: Request] = [:]

    private struct Request: Sendable {
        var what: String
        var target: String
    }

    public init() {}

    /// Cuts user text (a prompt, a name) to what a log line should hold.
    static func excerpt(_ text: String) -> String {
        let clean = Sanitizer.line(text)
        return clean.count > textLimit ? String(clean.prefix(textLimit - 1)) + "…" : clean
    }

    mutating func sending(_ target: ActionTarget, what: String, target name: String) {
        sent[target] = Request(what: what, target: name)
    }

    /// Records something casedash did or saw on its own (a guard's breach).
    @discardableResult
    mutating func note(what: String, target: String, outcome: String, ok: Bool, at: Date) -> Entry {
        let entry = Entry(time: at, what: what, target: target, outcome: Sanitizer.line(outcome), ok: ok)
        entries.append(entry)
        if entries.count > Self.limit { entries.removeFirst(entries.count - Self.limit) }
        return entry
    }

    /// Records the outcome of the request sent for `target`; returns the entry.
    @discardableResult
    mutating func finished(_ target: ActionTarget, outcome: String, ok: Bool, at: Date, fallback: (String, String)) -> Entry {
        let request = sent.removeValue(forKey: target) ?? Request(what: fallback.0, target: fallback.1)
        let (what, name) = (request.what, request.target)
        let entry = Entry(time: at, what: what, target: name, outcome: Sanitizer.line(outcome), ok: ok)
        entries.append(entry)
        if entries.count > Self.limit { entries.removeFirst(entries.count - Self.limit) }
        return entry
    }
}
