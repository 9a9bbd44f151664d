/// What the log pane shows: one stream, or every stream merged in time order.
public enum LogSource: Sendable, Hashable, CustomStringConvertible {
    case all
    case stream(String)

    public var stream: String? { if case .stream(let name) = self { name } else { nil } }

    public var description: String { stream.map { Sanitizer.line($0) } ?? "All" }

    /// The sources a run's log tab offers, in order: `All` first when there is more than one stream.
    static func available(_ names: [String]) -> [LogSource] {
        (names.count > 1 ? [.all] : []) + names.map { .stream($0) }
    }
}
