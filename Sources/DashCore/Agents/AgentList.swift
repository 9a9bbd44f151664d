import CaseDevAPI

/// The agents as last listed, with their sanitised names by id (looked up for every run row,
/// filter and sort, so built once per load rather than searched per lookup).
public struct AgentList: Sendable {
    public private(set) var agents: [Agent] = []
    public private(set) var loaded = false
    public var error: String?
    public private(set) var names: [String: String] = [:]
    /// Changes whenever `names` may have; the run list's memo keys on it.
    public private(set) var version = 0
    /// Full definitions fetched for the agent detail (the list holds only some fields).
    public private(set) var definitions: [String: Agent] = [:]

    public init() {}

    mutating func load(_ agents: [Agent]) {
        self.agents = agents
        loaded = true
        error = nil
        names = Dictionary(agents.map { ($0.id, Sanitizer.line($0.name)) }, uniquingKeysWith: { first, _ in first })
        version += 1
    }

    mutating func loaded(definition a: Agent) { definitions[a.id] = a }

    /// The fullest definition known: fetched, else the list's.
    public func agent(_ id: String) -> Agent? { definitions[id] ?? agents.first { $0.id == id } }

    public func name(_ id: String) -> String { names[id] ?? Sanitizer.line(id) }

    public func contains(_ id: String) -> Bool { names[id] != nil }

    /// The agents pane's row for an agent filter: row 0 is "All agents". The highlight is
    /// derived from the filter's id, so it cannot point at another agent when the list changes.
    public func row(of filter: String?) -> Int {
        guard let filter else { return 0 }
        return (agents.firstIndex { $0.id == filter }).map { $0 + 1 } ?? 0
    }

    /// The agent filter a row stands for.
    func filter(atRow row: Int) -> String? { row <= 0 || row > agents.count ? nil : agents[row - 1].id }
}
