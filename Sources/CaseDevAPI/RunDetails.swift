import Foundation

/// `GET /run/{id}/details`: the full audit trail of a run.
public struct RunDetails: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var agentId: String
    public var status: RunStatus
    public var prompt: String
    public var guidance: String?
    public var model: String?
    public var workflowId: String?
    /// The watcher registered at create time or with `watch`, when the server says.
    public var callbackUrl: String?
    public var provider: String?
    public var runtimeId: String?
    public var runtimeState: String?
    public var result: RunResult?
    public var steps: [Step]
    public var usage: Usage?
    public var createdAt: Date?
    public var startedAt: Date?
    public var completedAt: Date?

    public init(id: String, agentId: String, status: RunStatus, prompt: String, guidance: String? = nil,
                model: String? = nil, workflowId: String? = nil, provider: String? = nil,
                runtimeId: String? = nil, runtimeState: String? = nil, result: RunResult? = nil,
                steps: [Step] = [], usage: Usage? = nil, createdAt: Date? = nil, startedAt: Date? = nil,
                completedAt: Date? = nil) {
        self.id = id; self.agentId = agentId; self.status = status; self.prompt = prompt
        self.guidance = guidance; self.model = model; self.workflowId = workflowId; self.provider = provider
        self.runtimeId = runtimeId; self.runtimeState = runtimeState; self.result = result; self.steps = steps
        self.usage = usage; self.createdAt = createdAt; self.startedAt = startedAt; self.completedAt = completedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, agentId, status, prompt, guidance, model, workflowId, callbackUrl, provider, runtimeId, runtimeState,
             result, steps, usage, createdAt, startedAt, completedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.string(.id) ?? ""
        agentId = c.string(.agentId) ?? ""
        status = RunStatus(rawValue: c.string(.status) ?? "unknown")
        prompt = c.string(.prompt) ?? ""
        guidance = c.string(.guidance)
        model = c.string(.model)
        workflowId = c.string(.workflowId)
        callbackUrl = c.string(.callbackUrl)
        provider = c.string(.provider)
        runtimeId = c.string(.runtimeId)
        runtimeState = c.string(.runtimeState)
        result = c.value(RunResult.self, .result)
        steps = c.array(Step.self, .steps) ?? []
        usage = c.value(Usage.self, .usage)
        createdAt = c.date(.createdAt)
        startedAt = c.date(.startedAt)
        completedAt = c.date(.completedAt)
    }
}

public struct RunResult: Sendable, Hashable, Codable {
    public var output: String?
    public var outputObjectIds: [String]?
    public var finalResponse: FinalResponse?
    /// Stream name to text: `runner`, `linc`, `runtime`, or whatever else the server sends.
    public var logs: [String: String]?
    /// Not in the SDK types; the emulator and possibly the service report failures here.
    public var error: String?

    public init(output: String? = nil, outputObjectIds: [String]? = nil, finalResponse: FinalResponse? = nil,
                logs: [String: String]? = nil, error: String? = nil) {
        self.output = output; self.outputObjectIds = outputObjectIds; self.finalResponse = finalResponse
        self.logs = logs; self.error = error
    }

    enum CodingKeys: String, CodingKey { case output, outputObjectIds, finalResponse, logs, error }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        output = c.string(.output)
        outputObjectIds = c.strings(.outputObjectIds)
        finalResponse = c.value(FinalResponse.self, .finalResponse)
        logs = LogMap.decode(c.json(.logs))
        error = c.string(.error)
    }
}

enum LogMap {
    /// Keeps every stream whose value is text; a null or odd-shaped stream is dropped, not fatal.
    static func decode(_ value: JSONValue?) -> [String: String]? {
        guard case .object(let o)? = value else { return nil }
        var out: [String: String] = [:]
        for (k, v) in o { if case .string(let s) = v { out[k] = s } }
        return out
    }
}

public struct FinalResponse: Sendable, Hashable, Codable {
    public var summary: String?
    public var createdObjectIds: [String]?
    public var issues: [String]?

    public init(summary: String?, createdObjectIds: [String]?, issues: [String]?) {
        self.summary = summary; self.createdObjectIds = createdObjectIds; self.issues = issues
    }

    enum CodingKeys: String, CodingKey { case summary, createdObjectIds, issues }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        summary = c.string(.summary)
        createdObjectIds = c.strings(.createdObjectIds)
        issues = c.strings(.issues)
    }
}

/// One entry of a run's trace: `tool_call`, `tool_result`, `thinking` or `output` (others kept raw).
public struct Step: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var type: String
    public var content: String?
    public var toolName: String?
    public var toolInput: JSONValue?
    public var toolOutput: JSONValue?
    public var durationMs: Int?
    public var timestamp: Date?

    public init(id: String, type: String, content: String? = nil, toolName: String? = nil,
                toolInput: JSONValue? = nil, toolOutput: JSONValue? = nil, durationMs: Int? = nil,
                timestamp: Date? = nil) {
        self.id = id; self.type = type; self.content = content; self.toolName = toolName
        self.toolInput = toolInput; self.toolOutput = toolOutput; self.durationMs = durationMs
        self.timestamp = timestamp
    }

    enum CodingKeys: String, CodingKey { case id, type, content, toolName, toolInput, toolOutput, durationMs, timestamp }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.string(.id) ?? ""
        type = c.string(.type) ?? "unknown"
        content = c.string(.content)
        toolName = c.string(.toolName)
        toolInput = c.json(.toolInput)
        toolOutput = c.json(.toolOutput)
        durationMs = c.int(.durationMs)
        timestamp = c.date(.timestamp)
    }
}

public struct Usage: Sendable, Hashable, Codable {
    public var model: String?
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var toolCalls: Int?
    public var durationMs: Int?
    public var summary: UsageSummary?
    public var entries: [UsageEntry]?

    public init(model: String? = nil, inputTokens: Int? = nil, outputTokens: Int? = nil, toolCalls: Int? = nil,
                durationMs: Int? = nil, summary: UsageSummary? = nil, entries: [UsageEntry]? = nil) {
        self.model = model; self.inputTokens = inputTokens; self.outputTokens = outputTokens
        self.toolCalls = toolCalls; self.durationMs = durationMs; self.summary = summary; self.entries = entries
    }

    /// Total tokens: the summary's figure when present, else input + output (saturating: both
    /// come from the server and may be anything).
    public var totalTokens: Int {
        summary?.totalTokens ?? (inputTokens ?? 0).addingSaturating(outputTokens ?? 0)
    }

    enum CodingKeys: String, CodingKey { case model, inputTokens, outputTokens, toolCalls, durationMs, summary, entries }

    public init(from decoder: any Decoder) throws {
        try self.init(decoder.container(keyedBy: CodingKeys.self), entries: true)
    }

    init(_ c: KeyedDecodingContainer<CodingKeys>, entries withEntries: Bool) {
        model = c.string(.model)
        inputTokens = c.int(.inputTokens)
        outputTokens = c.int(.outputTokens)
        toolCalls = c.int(.toolCalls)
        durationMs = c.int(.durationMs)
        summary = c.value(UsageSummary.self, .summary)
        entries = withEntries ? c.array(UsageEntry.self, .entries) : nil
    }
}

public struct UsageSummary: Sendable, Hashable, Codable {
    public var costMicros: Int?
    public var totalInputTokens: Int?
    public var totalOutputTokens: Int?
    public var totalTokens: Int?

    public init(costMicros: Int?, totalInputTokens: Int?, totalOutputTokens: Int?, totalTokens: Int?) {
        self.costMicros = costMicros; self.totalInputTokens = totalInputTokens
        self.totalOutputTokens = totalOutputTokens; self.totalTokens = totalTokens
    }

    enum CodingKeys: String, CodingKey { case costMicros, totalInputTokens, totalOutputTokens, totalTokens }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        costMicros = c.int(.costMicros)
        totalInputTokens = c.int(.totalInputTokens)
        totalOutputTokens = c.int(.totalOutputTokens)
        totalTokens = c.int(.totalTokens)
    }
}

/// One billable call inside a run.
public struct UsageEntry: Sendable, Hashable, Codable {
    public var id: String?
    public var kind: String?
    public var service: String?
    public var endpoint: String?
    public var method: String?
    public var statusCode: Int?
    public var costMicros: Int?
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var totalTokens: Int?
    public var model: String?
    public var timestamp: Date?
    public var metadata: JSONValue?

    public init(id: String?, kind: String?, service: String?, endpoint: String?, method: String?,
                statusCode: Int?, costMicros: Int?, promptTokens: Int?, completionTokens: Int?,
                totalTokens: Int?, model: String?, timestamp: Date?, metadata: JSONValue? = nil) {
        self.id = id; self.kind = kind; self.service = service; self.endpoint = endpoint; self.method = method
        self.statusCode = statusCode; self.costMicros = costMicros; self.promptTokens = promptTokens
        self.completionTokens = completionTokens; self.totalTokens = totalTokens; self.model = model
        self.timestamp = timestamp; self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, service, endpoint, method, statusCode, costMicros, promptTokens, completionTokens,
             totalTokens, model, timestamp, metadata
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.string(.id); kind = c.string(.kind); service = c.string(.service)
        endpoint = c.string(.endpoint); method = c.string(.method); statusCode = c.int(.statusCode)
        costMicros = c.int(.costMicros); promptTokens = c.int(.promptTokens)
        completionTokens = c.int(.completionTokens); totalTokens = c.int(.totalTokens)
        model = c.string(.model); timestamp = c.date(.timestamp); metadata = c.json(.metadata)
    }
}
