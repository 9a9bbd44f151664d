import CaseDevAPI

/// What the run list asks the server for: one request gives every visible status.
public struct RunQuery: Sendable, Hashable {
    public var agentId: String?
    public var status: RunStatus?
    public var limit: Int
    public var cursor: String?
    public init(agentId: String?, status: RunStatus?, limit: Int, cursor: String? = nil) {
        self.agentId = agentId; self.status = status; self.limit = limit; self.cursor = cursor
    }
}

public enum SortOrder: String, Sendable, Hashable, CaseIterable {
    case newest, oldest, status, agent, duration, tokens
}
