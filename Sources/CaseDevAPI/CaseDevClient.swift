import Foundation
import NIOCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The one way casedash talks to the case.dev Agent API (`/agent/v1`).
///
/// Safe requests (GETs and cancel) are retried on connection errors, 408, 429 and 5xx;
/// `create`, `exec` and `execute` are never sent twice.
public final class CaseDevClient: Sendable {
    public let configuration: ClientConfiguration
    /// Called once per HTTP attempt with method and path; lets benchmarks and tests count requests.
    let onRequest: (@Sendable (String, String) -> Void)?
    private let quotaBox = QuotaBox()
    /// Remembers the runs of the last pages, so a poll decodes only the runs that changed.
    private let runPages = RunPageDecoder()

    private let requests = RequestCache()

    /// Body-less requests as built before (a value: each use gets its own copy). Bounded: the
    /// keys are the list's filters and the runs looked at, which a long session keeps adding.
    private final class RequestCache: @unchecked Sendable {
        struct Key: Hashable {
            var method: String, path: String, query: [String: String], timeout: TimeInterval, accept: String
        }
        private let lock = NSLock()
        private var kept: [Key: URLRequest] = [:]
        func get(_ key: Key) -> URLRequest? { lock.withLock { kept[key] } }
        func set(_ key: Key, _ request: URLRequest) {
            lock.withLock {
                if kept.count >= 256 { kept.removeAll(keepingCapacity: true) }
                kept[key] = request
            }
        }
    }

    /// The last quota seen, shared by the requests of this client.
    private final class QuotaBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: RateLimit?
        func get() -> RateLimit? { lock.withLock { value } }
        func set(_ v: RateLimit) { lock.withLock { value = v } }
    }

    public init(configuration: ClientConfiguration, onRequest: (@Sendable (String, String) -> Void)? = nil) {
        self.configuration = configuration
        self.onRequest = onRequest
    }

    /// The quota the last answer reported, if it did.
    public var rateLimit: RateLimit? { quotaBox.get() }

    func recordQuota(_ quota: RateLimit) { quotaBox.set(quota) }

    public var host: String {
        let url = configuration.baseURL
        return url.host.map { h in url.port.map { "\(h):\($0)" } ?? h } ?? url.absoluteString
    }

    // MARK: Agents

    public func createAgent(_ body: CreateAgentRequest) async throws -> Agent {
        try await send("POST", "/agent/v1/agents", body: body, idempotent: false)
    }

    public func listAgents(limit: Int? = nil, cursor: String? = nil) async throws -> AgentPage {
        try await send("GET", "/agent/v1/agents", query: ["limit": limit.map(String.init), "cursor": cursor])
    }

    public func getAgent(_ id: String) async throws -> Agent {
        let agent: Agent = try await send("GET", "/agent/v1/agents/\(try segment(id))")
        try Self.expectAnswer(for: id, got: agent.id, what: "agent")
        return agent
    }

    public func updateAgent(_ id: String, _ body: UpdateAgentRequest) async throws -> Agent {
        // PATCH with "only given fields change" is idempotent, but a timeout after the server
        // applied it is indistinguishable from a lost request; keep it to one attempt like writes.
        try await send("PATCH", "/agent/v1/agents/\(try segment(id))", body: body, idempotent: false)
    }

    public func deleteAgent(_ id: String) async throws -> OKResponse {
        try await send("DELETE", "/agent/v1/agents/\(try segment(id))", idempotent: false)
    }

    /// Every agent, walking `nextCursor` while `hasMore`.
    public func allAgents(pageSize: Int = 250) async throws -> [Agent] {
        try await Self.paginate { cursor in
            let page = try await self.listAgents(limit: pageSize, cursor: cursor)
            return (page.agents, page.hasMore ? page.nextCursor : nil)
        }
    }

    // MARK: Runs

    public func createRun(_ body: CreateRunRequest) async throws -> RunCreated {
        try await send("POST", "/agent/v1/run", body: body, idempotent: false)
    }

    public func listRuns(agentId: String? = nil, status: RunStatus? = nil, limit: Int? = nil,
                         cursor: String? = nil) async throws -> RunPage {
        try await send("GET", "/agent/v1/run", query: [
            "agentId": agentId, "status": status?.rawValue, "limit": limit.map(String.init), "cursor": cursor,
        ], decode: runPages.decode)
    }

    /// Every run matching the filters, walking `nextCursor` while `hasMore`.
    public func allRuns(agentId: String? = nil, status: RunStatus? = nil, pageSize: Int = 250) async throws -> [RunSummary] {
        try await Self.paginate { cursor in
            let page = try await self.listRuns(agentId: agentId, status: status, limit: pageSize, cursor: cursor)
            return (page.runs, page.hasMore ? page.nextCursor : nil)
        }
    }

    public func execRun(_ id: String) async throws -> RunExecResponse {
        try await send("POST", "/agent/v1/run/\(try segment(id))/exec", idempotent: false)
    }

    public func runStatus(_ id: String) async throws -> RunStatusInfo {
        let status: RunStatusInfo = try await send("GET", "/agent/v1/run/\(try segment(id))/status")
        try Self.expectAnswer(for: id, got: status.id, what: "run")
        return status
    }

    public func runDetails(_ id: String) async throws -> RunDetails {
        let details: RunDetails = try await send("GET", "/agent/v1/run/\(try segment(id))/details")
        try Self.expectAnswer(for: id, got: details.id, what: "run")
        return details
    }

    /// Idempotent on the server, so it is retried like a GET.
    public func cancelRun(_ id: String) async throws -> CancelResponse {
        try await send("POST", "/agent/v1/run/\(try segment(id))/cancel")
    }

    public func watchRun(_ id: String, callbackUrl: String) async throws -> WatchResponse {
        struct Body: Encodable { let callbackUrl: String }
        return try await send("POST", "/agent/v1/run/\(try segment(id))/watch",
                              body: Body(callbackUrl: callbackUrl), idempotent: false)
    }

    // MARK: Execute

    /// One-shot run on an ephemeral agent. Synchronous answers can take as long as the run, so
    /// this gets the long timeout, and it is never retried (a retry would start a second run).
    public func execute(_ body: ExecuteRequest) async throws -> ExecuteResponse {
        try await send("POST", "/agent/v1/execute", body: body, idempotent: false,
                       timeout: configuration.executeTimeout)
    }

    // MARK: Transport

    static func paginate<T>(_ fetch: (String?) async throws -> ([T], String?)) async throws -> [T] {
        var all: [T] = []
        var cursor: String?
        var seen: Set<String> = []
        repeat {
            let (items, next) = try await fetch(cursor)
            all.append(contentsOf: items)
            // A cursor that comes back twice would loop forever; stop instead.
            guard let next, seen.insert(next).inserted else { break }
            cursor = next
        } while true
        return all
    }

    /// An answer about something other than what was asked is a failure of the request: taken
    /// as the thing asked for, it would be filed under the wrong id, and the caller, still
    /// missing what it asked for, would ask again at once.
    static func expectAnswer(for asked: String, got: String, what: String) throws {
        guard got != asked else { return }
        let message = got.isEmpty
            ? "the server's answer for \(what) \(asked) has no \(what) id"
            : "the server answered for another \(what) (\(got.prefix(80))) when asked for \(asked)"
        throw CaseDevError(kind: .invalidResponse, message: message)
    }

    func segment(_ id: String) throws -> String {
        guard !id.isEmpty else {
            throw CaseDevError(kind: .invalidArgument, message: "an id is required")
        }
        return id.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? id
    }

    /// RFC 3986's unreserved characters: everything else in an id is percent-encoded.
    private static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    func makeRequest(_ method: String, _ path: String, query: [String: String?], body: Data?,
                     timeout: TimeInterval, accept: String = "application/json") -> URLRequest {
        // The same few requests go out every poll; building one (URL components, Foundation's
        // request object and its header normalisation) was a visible part of a poll's cost.
        guard body == nil else { return buildRequest(method, path, query: query, body: body, timeout: timeout, accept: accept) }
        let key = RequestCache.Key(method: method, path: path, query: query.compactMapValues { $0 }, timeout: timeout, accept: accept)
        if let kept = requests.get(key) { return kept }
        let request = buildRequest(method, path, query: query, body: nil, timeout: timeout, accept: accept)
        requests.set(key, request)
        return request
    }

    private func buildRequest(_ method: String, _ path: String, query: [String: String?], body: Data?,
                              timeout: TimeInterval, accept: String) -> URLRequest {
        var components = URLComponents(url: configuration.baseURL, resolvingAgainstBaseURL: false)!
        let basePath = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        components.percentEncodedPath = basePath + path
        let items = query.compactMap { k, v in v.map { URLQueryItem(name: k, value: $0) } }.sorted { $0.name < $1.name }
        components.queryItems = items.isEmpty ? nil : items
        var request = URLRequest(url: components.url!)
        request.httpMethod = method
        request.timeoutInterval = timeout
        request.setValue(configuration.apiKey.bearer, forHTTPHeaderField: "Authorization")
        request.setValue(accept, forHTTPHeaderField: "Accept")
        request.setValue(configuration.userAgent, forHTTPHeaderField: "User-Agent")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        return request
    }

    func send<T: Decodable>(_ method: String, _ path: String, query: [String: String?] = [:],
                            body: (any Encodable)? = nil, idempotent: Bool? = nil,
                            timeout: TimeInterval? = nil,
                            decode: (Data) throws -> T = { try JSONDecoder.caseDev.decodeLeniently(T.self, from: $0) }) async throws -> T {
        let data = try body.map { try JSONEncoder.caseDev.encode($0) }
        let request = makeRequest(method, path, query: query, body: data,
                                  timeout: timeout ?? configuration.requestTimeout)
        try configuration.checkKeyTransport()
        return try await withRetries(idempotent: idempotent ?? true) { try await self.attempt(request, path: path, decode: decode) }
    }

    /// Runs `attempt` again after a retryable failure, when the request may be repeated.
    func withRetries<T>(idempotent retryable: Bool, _ attempt: () async throws -> T) async throws -> T {
        var retriesDone = 0
        while true {
            do {
                return try await attempt()
            } catch let error as CaseDevError {
                guard retryable, error.isRetryable, retriesDone < configuration.retry.maxRetries else { throw error }
                let wait = configuration.retry.delay(retriesDone: retriesDone, serverRetryAfter: error.retryAfter,
                                                     jitter: Double.random(in: 0..<1))
                retriesDone += 1
                do { try await Task.sleep(for: .seconds(wait)) } catch {
                    throw CaseDevError(kind: .cancelled, message: "request cancelled")
                }
            }
        }
    }

    private func attempt<T: Decodable>(_ request: URLRequest, path: String, decode: (Data) throws -> T) async throws -> T {
        onRequest?(request.httpMethod ?? "GET", path)
        let status: Int, headers: [String: String], data: Data
        do {
            (status, headers, data) = try await HTTPTransport.collect(request, base: configuration.baseURL, limit: limit(for: path),
                                                                      deadline: NIODeadline.now() + TimeAmount.milliseconds(Int64(request.timeoutInterval * 1000)))
        } catch {
            throw CaseDevError.transport(error, host: host)
        }
        if let quota = RateLimit.parse(headers, now: Date()) { quotaBox.set(quota) }
        guard (200..<300).contains(status) else {
            throw Self.httpError(status: status, headers: headers, body: data)
        }
        do {
            return try decode(data)
        } catch {
            throw CaseDevError(kind: .invalidResponse,
                               message: "unreadable answer from \(host)\(path): expected \(T.self)")
        }
    }

    /// Details and synchronous executes carry a run's whole logs; everything else is small.
    func limit(for path: String) -> ResponseLimit {
        path.hasSuffix("/details") || path == "/agent/v1/execute"
            ? ResponseLimit(bytes: configuration.maxDetailsBytes, setting: "maxDetailsBytes")
            : ResponseLimit(bytes: configuration.maxResponseBytes, setting: "maxResponseBytes")
    }

    static func httpError(status: Int, headers: [String: String], body: Data) -> CaseDevError {
        let parsed = ErrorBody.parse(body, status: status)
        let shouldRetry = headers.first { $0.key.lowercased() == "x-should-retry" }.map { $0.value == "true" }
        return CaseDevError(kind: .http(status: status), message: parsed.message, code: parsed.code,
                            type: parsed.type, retryAfter: RetryPolicy.retryAfter(headers: headers),
                            shouldRetryHeader: shouldRetry)
    }
}
