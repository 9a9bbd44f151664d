import Foundation

/// An agent definition (`/agent/v1/agents`). The list endpoint returns a subset of the fields.
public struct Agent: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var description: String?
    public var instructions: String?
    public var model: String?
    public var vaultIds: [String]?
    public var vaultGroups: [String]?
    public var enabledTools: [String]?
    public var disabledTools: [String]?
    public var sandbox: JSONValue?
    public var isActive: Bool?
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(id: String, name: String, description: String? = nil, instructions: String? = nil,
                model: String? = nil, vaultIds: [String]? = nil, vaultGroups: [String]? = nil,
                enabledTools: [String]? = nil, disabledTools: [String]? = nil, sandbox: JSONValue? = nil,
                isActive: Bool? = nil, createdAt: Date? = nil, updatedAt: Date? = nil) {
        self.id = id; self.name = name; self.description = description; self.instructions = instructions
        self.model = model; self.vaultIds = vaultIds; self.vaultGroups = vaultGroups
        self.enabledTools = enabledTools; self.disabledTools = disabledTools; self.sandbox = sandbox
        self.isActive = isActive; self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, instructions, model, vaultIds, vaultGroups, enabledTools,
             disabledTools, sandbox, isActive, createdAt, updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.string(.id) ?? ""
        name = c.string(.name) ?? ""
        description = c.string(.description)
        instructions = c.string(.instructions)
        model = c.string(.model)
        vaultIds = c.strings(.vaultIds)
        vaultGroups = c.strings(.vaultGroups)
        enabledTools = c.strings(.enabledTools)
        disabledTools = c.strings(.disabledTools)
        sandbox = c.json(.sandbox)
        isActive = c.bool(.isActive)
        createdAt = c.date(.createdAt)
        updatedAt = c.date(.updatedAt)
    }
}

/// A page of agents, newest first.
public struct AgentPage: Sendable, Hashable, Codable {
    public var agents: [Agent]
    public var hasMore: Bool
    public var nextCursor: String?

    public init(agents: [Agent], hasMore: Bool, nextCursor: String?) {
        self.agents = agents; self.hasMore = hasMore; self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey { case agents, hasMore, nextCursor }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        agents = try c.requiredArray(Agent.self, .agents)
        hasMore = c.bool(.hasMore) ?? false
        nextCursor = c.string(.nextCursor)
    }
}

/// Custom sandbox resources for an agent.
public struct SandboxConfig: Sendable, Hashable, Codable {
    public var cpu: Int?
    public var memoryMiB: Int?
    public init(cpu: Int? = nil, memoryMiB: Int? = nil) { self.cpu = cpu; self.memoryMiB = memoryMiB }
}

/// Body of `POST /agent/v1/agents`.
public struct CreateAgentRequest: Sendable, Hashable, Codable {
    public var name: String
    public var instructions: String
    public var description: String?
    public var model: String?
    public var vaultIds: [String]?
    public var vaultGroups: [String]?
    public var enabledTools: [String]?
    public var disabledTools: [String]?
    public var sandbox: SandboxConfig?

    public init(name: String, instructions: String, description: String? = nil, model: String? = nil,
                vaultIds: [String]? = nil, vaultGroups: [String]? = nil, enabledTools: [String]? = nil,
                disabledTools: [String]? = nil, sandbox: SandboxConfig? = nil) {
        self.name = name; self.instructions = instructions; self.description = description; self.model = model
        self.vaultIds = vaultIds; self.vaultGroups = vaultGroups; self.enabledTools = enabledTools
        self.disabledTools = disabledTools; self.sandbox = sandbox
    }
}

/// A field of a PATCH body: absent (nil), explicitly null (clears it), or a value.
public enum Patch<Value: Sendable & Hashable & Codable>: Sendable, Hashable {
    case clear
    case set(Value)
}

/// Body of `PATCH /agent/v1/agents/{id}`: only the fields given are changed.
public struct UpdateAgentRequest: Sendable, Hashable, Encodable {
    public var name: String?
    public var instructions: String?
    public var model: String?
    public var description: Patch<String>?
    public var vaultIds: Patch<[String]>?
    public var vaultGroups: Patch<[String]>?
    public var enabledTools: Patch<[String]>?
    public var disabledTools: Patch<[String]>?
    public var sandbox: Patch<SandboxConfig>?

    public init(name: String? = nil, instructions: String? = nil, model: String? = nil,
                description: Patch<String>? = nil, vaultIds: Patch<[String]>? = nil,
                vaultGroups: Patch<[String]>? = nil, enabledTools: Patch<[String]>? = nil,
                disabledTools: Patch<[String]>? = nil, sandbox: Patch<SandboxConfig>? = nil) {
        self.name = name; self.instructions = instructions; self.model = model; self.description = description
        self.vaultIds = vaultIds; self.vaultGroups = vaultGroups; self.enabledTools = enabledTools
        self.disabledTools = disabledTools; self.sandbox = sandbox
    }

    enum CodingKeys: String, CodingKey {
        case name, instructions, model, description, vaultIds, vaultGroups, enabledTools, disabledTools, sandbox
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(instructions, forKey: .instructions)
        try c.encodeIfPresent(model, forKey: .model)
        try Self.encode(description, .description, &c)
        try Self.encode(vaultIds, .vaultIds, &c)
        try Self.encode(vaultGroups, .vaultGroups, &c)
        try Self.encode(enabledTools, .enabledTools, &c)
        try Self.encode(disabledTools, .disabledTools, &c)
        try Self.encode(sandbox, .sandbox, &c)
    }

    private static func encode<V>(_ patch: Patch<V>?, _ key: CodingKeys,
                                  _ c: inout KeyedEncodingContainer<CodingKeys>) throws {
        switch patch {
        case nil: break
        case .clear?: try c.encodeNil(forKey: key)
        case .set(let v)?: try c.encode(v, forKey: key)
        }
    }
}

/// `{"ok": true}` answers (agent delete).
public struct OKResponse: Sendable, Hashable, Codable {
    public var ok: Bool
    public init(ok: Bool) { self.ok = ok }
    enum CodingKeys: String, CodingKey { case ok }
    public init(from decoder: any Decoder) throws {
        ok = (try? decoder.container(keyedBy: CodingKeys.self).bool(.ok)) ?? false
    }
}
