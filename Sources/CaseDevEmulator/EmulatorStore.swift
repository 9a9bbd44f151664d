import CaseDevAPI
import Foundation
import Synchronization

/// The emulator's state: agents, runs and their lifecycle. Time is read from `clock`, and a run's
/// progress is derived from its start time and its `RunScript`, so nothing needs a timer except
/// the status change at the end of a run (done by `advance`, which every request calls first).
final class EmulatorStore: Sendable {
    struct AgentRecord: Sendable {
        var agent: Agent
        var seq: Int
        var ephemeral: Bool
        var deleted = false
    }

    struct RunRecord: Sendable {
        var seq: Int
        var id: String
        var agentId: String
        var prompt: String
        var guidance: String?
        var model: String
        var objectIds: [String]?
        var callbacks: [String]
        var status: RunStatus
        var createdAt: Date
        var startedAt: Date?
        var completedAt: Date?
        var workflowId: String?
        var provider: String?
        var runtimeId: String?
        /// Real seconds from start to the end of the script.
        var duration: TimeInterval = 0
        var outcome: RunScript.Outcome = .completed
        var ephemeral: Bool
        /// Script directives the demo gives a run without showing them in its prompt.
        var hiddenDirectives = ""

        /// What the run's script reads: the prompt and the hidden directives.
        var script: String { hiddenDirectives.isEmpty ? prompt : prompt + " " + hiddenDirectives }
    }

    /// A run that just ended, for watchers and waiters.
    struct Finished: Sendable {
        var run: RunRecord
        var payload: JSONValue
    }

    struct State: Sendable {
        var agents: [AgentRecord] = []
        var agentById: [String: Int] = [:]
        var runs: [RunRecord] = []
        var runById: [String: Int] = [:]
        var index = RunIndex()
        var running: Set<Int> = []
        var scriptCache: [Int: RunScript] = [:]
    }

    let options: EmulatorOptions
    let clock: @Sendable () -> Date
    private let state = Mutex(State())

    init(options: EmulatorOptions, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.options = options
        self.clock = clock
    }

    static let defaultModel = "anthropic/claude-sonnet-4.6"

    // MARK: Ids

    private func makeId(_ prefix: String, _ kind: UInt64, _ n: Int) -> String {
        var rng = SeededRandom(seed: options.seed, stream: kind &* 1_000_003 &+ UInt64(n))
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        return prefix + String((0..<12).map { _ in alphabet[Int(rng.next() % 36)] })
    }

    // MARK: Agents

    func createAgent(_ body: CreateAgentRequest, ephemeral: Bool = false, at date: Date? = nil) throws(APIFailure) -> Agent {
        guard !body.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .badRequest("name is required", code: "missing_name") }
        guard !body.instructions.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .badRequest("instructions is required", code: "missing_instructions")
        }
        try Self.checkTools(enabled: body.enabledTools, disabled: body.disabledTools)
        try Self.checkSandbox(body.sandbox)
        let now = date ?? clock()
        return state.withLock { s in
            let seq = s.agents.count
            let agent = Agent(id: makeId(ephemeral ? "agent_eph_" : "agent_", 1, seq), name: body.name,
                              description: body.description, instructions: body.instructions,
                              model: body.model ?? Self.defaultModel, vaultIds: body.vaultIds,
                              vaultGroups: body.vaultGroups, enabledTools: body.enabledTools,
                              disabledTools: body.disabledTools, sandbox: Self.sandboxJSON(body.sandbox),
                              isActive: true, createdAt: now, updatedAt: now)
            s.agentById[agent.id] = seq
            s.agents.append(AgentRecord(agent: agent, seq: seq, ephemeral: ephemeral))
            return agent
        }
    }

    static func checkTools(enabled: [String]?, disabled: [String]?) throws(APIFailure) {
        if enabled != nil, disabled != nil {
            throw .badRequest("enabledTools and disabledTools are mutually exclusive", code: "conflicting_tool_lists")
        }
    }

    static func checkSandbox(_ sandbox: SandboxConfig?) throws(APIFailure) {
        if let cpu = sandbox?.cpu, !(1...16).contains(cpu) { throw .badRequest("sandbox.cpu must be between 1 and 16") }
        if let mem = sandbox?.memoryMiB, !(256...65_536).contains(mem) {
            throw .badRequest("sandbox.memoryMiB must be between 256 and 65536")
        }
    }

    static func sandboxJSON(_ sandbox: SandboxConfig?) -> JSONValue? {
        guard let sandbox else { return nil }
        var o: [String: JSONValue] = [:]
        if let cpu = sandbox.cpu { o["cpu"] = .number(Double(cpu)) }
        if let mem = sandbox.memoryMiB { o["memoryMiB"] = .number(Double(mem)) }
        return .object(o)
    }

    func listAgents(limit: Int, cursor: String?) throws(APIFailure) -> AgentPage {
        try state.withLock { s throws(APIFailure) in
            let visible = s.agents.filter { !$0.deleted && !$0.ephemeral }
            var end = visible.count
            if let cursor {
                guard let pos = visible.firstIndex(where: { $0.agent.id == cursor }) else {
                    throw .badRequest("unknown cursor \(cursor)", code: "invalid_cursor")
                }
                end = pos
            }
            let start = max(0, end - limit)
            let page = visible[start..<end].reversed().map(\.agent)
            return AgentPage(agents: page, hasMore: start > 0, nextCursor: start > 0 ? page.last?.id : nil)
        }
    }

    func agent(_ id: String) throws(APIFailure) -> Agent {
        try state.withLock { s throws(APIFailure) in
            guard let i = s.agentById[id], !s.agents[i].deleted else { throw .notFound("agent", id) }
            return s.agents[i].agent
        }
    }

    func updateAgent(_ id: String, _ patch: [String: JSONValue]) throws(APIFailure) -> Agent {
        let now = clock()
        return try state.withLock { s throws(APIFailure) in
            guard let i = s.agentById[id], !s.agents[i].deleted else { throw .notFound("agent", id) }
            var a = s.agents[i].agent
            func text(_ key: String, nullable: Bool) throws(APIFailure) -> String?? {
                guard let v = patch[key] else { return nil }
                switch v {
                case .string(let t) where nullable || !t.isEmpty: return .some(t)
                case .null where nullable: return .some(nil)
                default: throw .badRequest("\(key) must be a \(nullable ? "string or null" : "non-empty string")")
                }
            }
            func list(_ key: String) throws(APIFailure) -> [String]?? {
                guard let v = patch[key] else { return nil }
                switch v {
                case .null: return .some(nil)
                case .array(let items):
                    let strings = items.compactMap(\.stringValue)
                    guard strings.count == items.count else { throw .badRequest("\(key) must be a list of strings") }
                    return .some(strings)
                default: throw .badRequest("\(key) must be a list of strings or null")
                }
            }
            if let v = try text("name", nullable: false) { a.name = v ?? a.name }
            if let v = try text("instructions", nullable: false) { a.instructions = v }
            if let v = try text("model", nullable: false) { a.model = v }
            if let v = try text("description", nullable: true) { a.description = v }
            if let v = try list("vaultIds") { a.vaultIds = v }
            if let v = try list("vaultGroups") { a.vaultGroups = v }
            if let v = try list("enabledTools") { a.enabledTools = v }
            if let v = try list("disabledTools") { a.disabledTools = v }
            if let v = patch["sandbox"] {
                switch v {
                case .null: a.sandbox = nil
                case .object: a.sandbox = v
                default: throw .badRequest("sandbox must be an object or null")
                }
            }
            try Self.checkTools(enabled: a.enabledTools, disabled: a.disabledTools)
            a.updatedAt = now
            s.agents[i].agent = a
            return a
        }
    }

    func deleteAgent(_ id: String) throws(APIFailure) {
        try state.withLock { s throws(APIFailure) in
            guard let i = s.agentById[id], !s.agents[i].deleted else { throw .notFound("agent", id) }
            s.agents[i].deleted = true
            s.agents[i].agent.isActive = false
        }
    }

    // MARK: Runs

    func createRun(_ body: CreateRunRequest, at date: Date? = nil, hiddenDirectives: String = "") throws(APIFailure) -> RunRecord {
        guard !body.prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .badRequest("prompt is required", code: "missing_prompt")
        }
        guard !body.agentId.isEmpty else { throw .badRequest("agentId is required", code: "missing_agent_id") }
        if let url = body.callbackUrl { try validateCallback(url) }
        let now = date ?? clock()
        return try state.withLock { s throws(APIFailure) in
            guard let ai = s.agentById[body.agentId], !s.agents[ai].deleted else { throw .notFound("agent", body.agentId) }
            let agent = s.agents[ai]
            let seq = s.runs.count
            // Runs are listed by creation order; keep createdAt monotonic with it.
            let created = max(now, s.runs.last?.createdAt ?? now)
            var run = RunRecord(seq: seq, id: makeId("run_", 2, seq), agentId: body.agentId, prompt: body.prompt,
                                guidance: body.guidance, model: body.model ?? agent.agent.model ?? Self.defaultModel,
                                objectIds: body.objectIds, callbacks: body.callbackUrl.map { [$0] } ?? [],
                                status: .queued, createdAt: created, ephemeral: agent.ephemeral)
            run.hiddenDirectives = hiddenDirectives
            s.runs.append(run)
            s.runById[run.id] = seq
            s.index.add(seq: seq, agent: run.agentId, status: RunStatus.queued.rawValue)
            return run
        }
    }

    /// Starts a queued run. `duration` (real seconds) overrides the drawn one (history seeding).
    func execRun(_ id: String, at date: Date? = nil, provider: String? = nil,
                 duration: TimeInterval? = nil) throws(APIFailure) -> RunRecord {
        let now = date ?? clock()
        return try state.withLock { s throws(APIFailure) in
            guard let seq = s.runById[id] else { throw .notFound("run", id) }
            var run = s.runs[seq]
            guard run.status == .queued else {
                throw .conflict("Run \(id) is \(run.status.rawValue), not queued; it cannot be executed again",
                                code: "run_not_queued")
            }
            var rng = SeededRandom(seed: options.seed, stream: 7_000_000 &+ UInt64(seq))
            let drawn = duration ?? (run.ephemeral ? Double.random(in: 6...20, using: &rng)
                                                    : Double.random(in: 15...60, using: &rng)) / options.speed
            let defaultProvider = provider ?? (rng.chance(0.7) ? "vercel" : "daytona")
            let plan = RunScript.plan(seed: options.seed, seq: seq, prompt: run.script, duration: drawn,
                                      speed: options.speed, provider: defaultProvider)
            run.startedAt = now
            run.duration = plan.duration
            run.outcome = plan.outcome
            run.provider = plan.provider
            run.runtimeId = plan.provider == "vercel" ? makeId("sandbox_", 3, seq) : makeId("ws_", 3, seq)
            run.workflowId = makeId("wrun_", 4, seq)
            Self.setStatus(&s, &run, .running)
            s.running.insert(seq)
            return run
        }
    }

    private static func setStatus(_ s: inout State, _ run: inout RunRecord, _ status: RunStatus) {
        s.index.move(seq: run.seq, agent: run.agentId, from: run.status.rawValue, to: status.rawValue)
        run.status = status
        s.runs[run.seq] = run
    }

    /// Cancel is idempotent: a finished run answers with its status and a message.
    func cancelRun(_ id: String, at date: Date? = nil) throws(APIFailure) -> (CancelResponse, Finished?) {
        let now = date ?? clock()
        return try state.withLock { s throws(APIFailure) in
            guard let seq = s.runById[id] else { throw .notFound("run", id) }
            var run = s.runs[seq]
            switch run.status {
            case .queued, .running:
                run.completedAt = now
                Self.setStatus(&s, &run, .cancelled)
                s.running.remove(seq)
                retireEphemeralAgent(&s, run)
                return (CancelResponse(id: id, status: .cancelled, message: nil), Finished(run: run, payload: Self.webhookPayload(run)))
            case .cancelled:
                return (CancelResponse(id: id, status: .cancelled, message: nil), nil)
            default:
                return (CancelResponse(id: id, status: run.status, message: "Run already finished"), nil)
            }
        }
    }

    func watch(_ id: String, callbackUrl: String) throws(APIFailure) {
        try validateCallback(callbackUrl)
        try state.withLock { s throws(APIFailure) in
            guard let seq = s.runById[id] else { throw .notFound("run", id) }
            s.runs[seq].callbacks.append(callbackUrl)
        }
    }

    func validateCallback(_ text: String) throws(APIFailure) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else {
            throw .badRequest("callbackUrl must be an absolute URL", code: "invalid_callback_url")
        }
        let loopback = host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
        if options.allowInsecureCallbacks, loopback, scheme == "http" || scheme == "https" { return }
        guard scheme == "https" else { throw .badRequest("callbackUrl must use https", code: "invalid_callback_url") }
        let octets = host.split(separator: ".").compactMap { Int($0) }
        let privateV4 = octets.count == 4 && (octets[0] == 10 || octets[0] == 127 || (octets[0] == 169 && octets[1] == 254)
            || (octets[0] == 172 && (16...31).contains(octets[1])) || (octets[0] == 192 && octets[1] == 168) || octets[0] == 0)
        if loopback || privateV4 || host.hasSuffix(".local") || host.hasSuffix(".internal") || host.hasPrefix("[fc") || host.hasPrefix("[fd") {
            throw .badRequest("callbackUrl must not point to a private network", code: "invalid_callback_url")
        }
    }

    /// Ends every running run whose script is over. Returns them so watchers can be told.
    func advance() -> [Finished] {
        let now = clock()
        return state.withLock { s in
            var done: [Finished] = []
            for seq in s.running {
                var run = s.runs[seq]
                guard let start = run.startedAt, now >= start.addingTimeInterval(run.duration) else { continue }
                run.completedAt = start.addingTimeInterval(run.duration)
                Self.setStatus(&s, &run, run.outcome == .completed ? .completed : .failed)
                s.running.remove(seq)
                retireEphemeralAgent(&s, run)
                done.append(Finished(run: run, payload: Self.webhookPayload(run)))
            }
            return done
        }
    }

    private func retireEphemeralAgent(_ s: inout State, _ run: RunRecord) {
        guard run.ephemeral, let ai = s.agentById[run.agentId] else { return }
        s.agents[ai].deleted = true
        s.agents[ai].agent.isActive = false
    }

    static func webhookPayload(_ run: RunRecord) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(run.id), "runId": .string(run.id), "agentId": .string(run.agentId),
            "status": .string(run.status.rawValue),
            "startedAt": run.startedAt.map { .string(ISO8601.format($0)) } ?? .null,
            "completedAt": run.completedAt.map { .string(ISO8601.format($0)) } ?? .null,
        ]
        if let s = run.startedAt, let c = run.completedAt { o["durationMs"] = .number((c.timeIntervalSince(s) * 1000).rounded()) }
        return .object(o)
    }

    private static func script(_ s: inout State, _ run: RunRecord, _ options: EmulatorOptions) -> RunScript {
        if let cached = s.scriptCache[run.seq] { return cached }
        let script = RunScript.make(seed: options.seed, seq: run.seq, prompt: run.script, model: run.model,
                                    duration: run.duration, speed: options.speed, provider: run.provider ?? "vercel",
                                    start: run.startedAt ?? run.createdAt)
        if s.scriptCache.count > 256 { s.scriptCache.removeAll(keepingCapacity: true) }
        s.scriptCache[run.seq] = script
        return script
    }

    func run(_ id: String) throws(APIFailure) -> RunRecord {
        try state.withLock { s throws(APIFailure) in
            guard let seq = s.runById[id] else { throw .notFound("run", id) }
            return s.runs[seq]
        }
    }

    func listRuns(agentId: String?, status: RunStatus?, limit: Int, cursor: String?) throws(APIFailure) -> RunPage {
        try state.withLock { s throws(APIFailure) in
            let list = s.index.list(agent: agentId, status: status?.rawValue)
            var end = list.count
            if let cursor {
                guard let cseq = s.runById[cursor] else { throw .badRequest("unknown cursor \(cursor)", code: "invalid_cursor") }
                end = RunIndex.lowerBound(cseq, in: list)
            }
            let start = max(0, end - limit)
            let page = list[start..<end].reversed().map { seq -> RunSummary in
                let r = s.runs[seq]
                return RunSummary(id: r.id, agentId: r.agentId, status: r.status, prompt: String(r.prompt.prefix(200)),
                                  model: r.model, createdAt: r.createdAt, startedAt: r.startedAt, completedAt: r.completedAt)
            }
            return RunPage(runs: page, hasMore: start > 0, nextCursor: start > 0 ? page.last?.id : nil)
        }
    }

    func status(_ id: String) throws(APIFailure) -> RunStatusInfo {
        let now = clock()
        let r = try run(id)
        let ms: Int? = r.startedAt.map { start in Int(((r.completedAt ?? now).timeIntervalSince(start) * 1000).rounded()) }
        return RunStatusInfo(id: r.id, status: r.status, startedAt: r.startedAt, completedAt: r.completedAt, durationMs: ms)
    }

    /// What a run has done so far: the script's events up to now (or up to its end).
    struct Progress: Sendable {
        var run: RunRecord
        var script: RunScript?
        var visible: [RunScript.Timed]
        var elapsed: TimeInterval
    }

    func progress(_ id: String) throws(APIFailure) -> Progress {
        let now = clock()
        return try state.withLock { s throws(APIFailure) in
            guard let seq = s.runById[id] else { throw .notFound("run", id) }
            let run = s.runs[seq]
            guard let start = run.startedAt else { return Progress(run: run, script: nil, visible: [], elapsed: 0) }
            let script = Self.script(&s, run, options)
            let elapsed = max(0, (run.completedAt ?? now).timeIntervalSince(start))
            // Offsets are sorted: binary-search the cut instead of filtering every event.
            var lo = 0, hi = script.events.count
            while lo < hi { let mid = (lo + hi) / 2; if script.events[mid].offset <= elapsed { lo = mid + 1 } else { hi = mid } }
            return Progress(run: run, script: script, visible: Array(script.events[..<lo]), elapsed: elapsed)
        }
    }

    func details(_ id: String) throws(APIFailure) -> RunDetails {
        let p = try progress(id)
        let r = p.run
        var details = RunDetails(id: r.id, agentId: r.agentId, status: r.status, prompt: r.prompt, guidance: r.guidance,
                                 model: r.model, workflowId: r.workflowId, provider: r.provider, runtimeId: r.runtimeId,
                                 runtimeState: Self.runtimeState(r), createdAt: r.createdAt, startedAt: r.startedAt,
                                 completedAt: r.completedAt)
        guard let script = p.script else { return details }
        var logs: [String: [String]] = [:]
        for stream in script.streams { logs[stream] = [] }
        var entries: [UsageEntry] = []
        var toolCalls = 0
        for t in p.visible {
            switch t.event {
            case .log(let stream, let line): logs[stream, default: []].append(line)
            case .step(let step):
                details.steps.append(step)
                if step.type == "tool_call" { toolCalls += 1 }
            case .llmCall(let e): entries.append(e)
            }
        }
        if r.status == .cancelled { logs["runner", default: []].append("\(ISO8601.format(r.completedAt ?? clock())) [runner] run cancelled by user") }
        if r.status == .failed, script.outcome == .hang {
            logs["runner", default: []].append("\(ISO8601.format(r.completedAt ?? clock())) [runner] sandbox timeout after 30 minutes")
        }
        details.usage = Self.usage(entries, model: r.model, toolCalls: toolCalls, elapsed: p.elapsed)
        var result = RunResult(logs: logs.mapValues { $0.joined(separator: "\n") })
        switch r.status {
        case .completed:
            result.output = script.output
            result.outputObjectIds = ["obj_" + r.id.dropFirst(4)]
            result.finalResponse = FinalResponse(summary: script.summary, createdObjectIds: result.outputObjectIds, issues: script.issues)
        case .failed:
            result.error = script.outcome == .hang ? "sandbox timeout after 30 minutes" : script.error
            result.finalResponse = FinalResponse(summary: nil, createdObjectIds: [], issues: [result.error ?? ""])
        default: break
        }
        details.result = result
        return details
    }

    static func usage(_ entries: [UsageEntry], model: String, toolCalls: Int, elapsed: TimeInterval) -> Usage {
        let input = entries.reduce(0) { $0 + ($1.promptTokens ?? 0) }
        let output = entries.reduce(0) { $0 + ($1.completionTokens ?? 0) }
        let cost = entries.reduce(0) { $0 + ($1.costMicros ?? 0) }
        return Usage(model: model, inputTokens: input, outputTokens: output, toolCalls: toolCalls,
                     durationMs: Int((elapsed * 1000).rounded()),
                     summary: UsageSummary(costMicros: cost, totalInputTokens: input, totalOutputTokens: output,
                                           totalTokens: input + output),
                     entries: entries)
    }

    static func runtimeState(_ r: RunRecord) -> String? {
        switch r.status {
        case .queued: nil
        case .running: "running"
        case .failed: "error"
        default: r.provider == "daytona" ? "stopped" : "ended"
        }
    }

    var runCount: Int { state.withLock { $0.runs.count } }
    var queuedRunIds: [String] {
        state.withLock { s in s.index.list(agent: nil, status: "queued").map { s.runs[$0].id } }
    }
    var runningCount: Int { state.withLock { $0.running.count } }
    var activeAgentIds: [String] {
        state.withLock { s in s.agents.filter { !$0.deleted && !$0.ephemeral }.map(\.agent.id) }
    }
}
