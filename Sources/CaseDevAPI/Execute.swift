import Foundation

/// Body of `POST /agent/v1/execute` (one-shot run on an ephemeral agent).
public struct ExecuteRequest: Sendable, Hashable, Codable {
    public var prompt: String
    public var instructions: String?
    public var model: String?
    public var vaultIds: [String]?
    public var objectIds: [String]?
    public var guidance: String?
    public var enabledTools: [String]?
    public var disabledTools: [String]?
    public var sandbox: SandboxConfig?
    /// Opt into the legacy asynchronous agent runtime (answer `status: running`, to be polled).
    public var agentRuntime: Bool?

    public init(prompt: String, instructions: String? = nil, model: String? = nil, vaultIds: [String]? = nil,
                objectIds: [String]? = nil, guidance: String? = nil, enabledTools: [String]? = nil,
                disabledTools: [String]? = nil, sandbox: SandboxConfig? = nil, agentRuntime: Bool? = nil) {
        self.prompt = prompt; self.instructions = instructions; self.model = model; self.vaultIds = vaultIds
        self.objectIds = objectIds; self.guidance = guidance; self.enabledTools = enabledTools
        self.disabledTools = disabledTools; self.sandbox = sandbox; self.agentRuntime = agentRuntime
    }
}

/// The execute answer. Synchronous answers carry a terminal status with output, logs and usage;
/// asynchronous ones say `running` and the run is then polled by `runId`.
public struct ExecuteResponse: Sendable, Hashable, Codable {
    public var runId: String
    public var agentId: String?
    public var status: RunStatus
    public var provider: String?
    public var runtimeId: String?
    public var runtimeState: String?
    public var output: String?
    public var error: String?
    public var logs: [String: String]?
    public var usage: Usage?
    public var message: String?

    public init(runId: String, agentId: String?, status: RunStatus, provider: String? = nil,
                runtimeId: String? = nil, runtimeState: String? = nil, output: String? = nil,
                error: String? = nil, logs: [String: String]? = nil, usage: Usage? = nil, message: String? = nil) {
        self.runId = runId; self.agentId = agentId; self.status = status; self.provider = provider
        self.runtimeId = runtimeId; self.runtimeState = runtimeState; self.output = output; self.error = error
        self.logs = logs; self.usage = usage; self.message = message
    }

    /// True when the answer is final; false when the run must be followed by polling.
    public var isFinished: Bool { status.isTerminal }

    enum CodingKeys: String, CodingKey {
        case runId, agentId, status, provider, runtimeId, runtimeState, output, error, logs, usage, message
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        runId = c.string(.runId) ?? ""
        agentId = c.string(.agentId)
        status = RunStatus(rawValue: c.string(.status) ?? "unknown")
        provider = c.string(.provider)
        runtimeId = c.string(.runtimeId)
        runtimeState = c.string(.runtimeState)
        output = c.string(.output)
        error = c.string(.error)
        logs = LogMap.decode(c.json(.logs))
        usage = c.value(Usage.self, .usage)
        message = c.string(.message)
    }
}
