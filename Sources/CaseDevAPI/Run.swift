import Foundation

/// A run as the list endpoint returns it (prompt truncated to 200 characters by the server).
public struct RunSummary: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var agentId: String
    public var status: RunStatus
    public var prompt: String
    public var model: String?
    public var createdAt: Date?
    public var startedAt: Date?
    public var completedAt: Date?

    public init(id: String, agentId: String, status: RunStatus, prompt: String, model: String? = nil,
                createdAt: Date? = nil, startedAt: Date? = nil, completedAt: Date? = nil) {
        self.id = id; self.agentId = agentId; self.status = status; self.prompt = prompt; self.model = model
        self.createdAt = createdAt; self.startedAt = startedAt; self.completedAt = completedAt
    }

    enum CodingKeys: String, CodingKey { case id, agentId, status, prompt, model, createdAt, startedAt, completedAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.string(.id) ?? ""
        agentId = c.string(.agentId) ?? ""
        status = RunStatus(rawValue: c.string(.status) ?? "unknown")
        prompt = c.string(.prompt) ?? ""
        model = c.string(.model)
        createdAt = c.date(.createdAt)
        startedAt = c.date(.startedAt)
        completedAt = c.date(.completedAt)
    }
}

public struct RunPage: Sendable, Hashable, Codable {
    public var runs: [RunSummary]
    public var hasMore: Bool
    public var nextCursor: String?

    public init(runs: [RunSummary], hasMore: Bool, nextCursor: String?) {
        self.runs = runs; self.hasMore = hasMore; self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey { case runs, hasMore, nextCursor }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        runs = try c.requiredArray(RunSummary.self, .runs)
        hasMore = c.bool(.hasMore) ?? false
        nextCursor = c.string(.nextCursor)
    }
}

/// Body of `POST /agent/v1/run`.
public struct CreateRunRequest: Sendable, Hashable, Codable {
    public var agentId: String
    public var prompt: String
    public var guidance: String?
    public var model: String?
    public var objectIds: [String]?
    public var callbackUrl: String?

    public init(agentId: String, prompt: String, guidance: String? = nil, model: String? = nil,
                objectIds: [String]? = nil, callbackUrl: String? = nil) {
        self.agentId = agentId; self.prompt = prompt; self.guidance = guidance; self.model = model
        self.objectIds = objectIds; self.callbackUrl = callbackUrl
    }
}

public struct RunCreated: Sendable, Hashable, Codable {
    public var id: String
    public var agentId: String
    public var status: RunStatus
    public var objectIds: [String]?
    public var createdAt: Date?

    public init(id: String, agentId: String, status: RunStatus, objectIds: [String]?, createdAt: Date?) {
        self.id = id; self.agentId = agentId; self.status = status; self.objectIds = objectIds; self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey { case id, agentId, status, objectIds, createdAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.string(.id) ?? ""
        agentId = c.string(.agentId) ?? ""
        status = RunStatus(rawValue: c.string(.status) ?? "queued")
        objectIds = c.strings(.objectIds)
        createdAt = c.date(.createdAt)
    }
}

public struct RunExecResponse: Sendable, Hashable, Codable {
    public var id: String
    public var status: RunStatus
    public var workflowId: String?
    public var message: String?

    public init(id: String, status: RunStatus, workflowId: String?, message: String?) {
        self.id = id; self.status = status; self.workflowId = workflowId; self.message = message
    }

    enum CodingKeys: String, CodingKey { case id, status, workflowId, message }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.string(.id) ?? ""
        status = RunStatus(rawValue: c.string(.status) ?? "running")
        workflowId = c.string(.workflowId)
        message = c.string(.message)
    }
}

/// `GET /run/{id}/status`: the lightweight poll.
public struct RunStatusInfo: Sendable, Hashable, Codable {
    public var id: String
    public var status: RunStatus
    public var startedAt: Date?
    public var completedAt: Date?
    public var durationMs: Int?

    public init(id: String, status: RunStatus, startedAt: Date?, completedAt: Date?, durationMs: Int?) {
        self.id = id; self.status = status; self.startedAt = startedAt; self.completedAt = completedAt
        self.durationMs = durationMs
    }

    enum CodingKeys: String, CodingKey { case id, status, startedAt, completedAt, durationMs }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.string(.id) ?? ""
        status = RunStatus(rawValue: c.string(.status) ?? "unknown")
        startedAt = c.date(.startedAt)
        completedAt = c.date(.completedAt)
        durationMs = c.int(.durationMs)
    }
}

/// Answer of cancel: idempotent, `message` set when the run had already finished.
public struct CancelResponse: Sendable, Hashable, Codable {
    public var id: String
    public var status: RunStatus
    public var message: String?

    public init(id: String, status: RunStatus, message: String?) {
        self.id = id; self.status = status; self.message = message
    }

    enum CodingKeys: String, CodingKey { case id, status, message }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.string(.id) ?? ""
        status = RunStatus(rawValue: c.string(.status) ?? "unknown")
        message = c.string(.message)
    }
}

public struct WatchResponse: Sendable, Hashable, Codable {
    public var ok: Bool
    public var callbackUrl: String?
    public init(ok: Bool, callbackUrl: String?) { self.ok = ok; self.callbackUrl = callbackUrl }
    enum CodingKeys: String, CodingKey { case ok, callbackUrl }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ok = c.bool(.ok) ?? false
        callbackUrl = c.string(.callbackUrl)
    }
}
