import CaseDevAPI
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The `/agent/v1` routes, answering with the reference's shapes.
struct EmulatorRoutes: Sendable {
    let store: EmulatorStore
    let webhooks: WebhookSender
    let heartbeat: Double
    let eventsPerConnection: Int?
    var servesEvents = true
    var compressesEvents = true

    func register(on router: Router<BasicRequestContext>) {
        let v1 = router.group("agent/v1")
        v1.post("agents") { req, ctx in try await handle(req) { req in
            let body = try await decodeBody(CreateAgentRequest.self, req, required: ["name", "instructions"])
            return try json(store.createAgent(body))
        } }
        v1.get("agents") { req, _ in try await handle(req) { req in
            let (limit, cursor) = try paging(req)
            return try json(store.listAgents(limit: limit, cursor: cursor))
        } }
        v1.get("agents/:id") { req, ctx in try await handle(req) { _ in try json(store.agent(id(ctx))) } }
        v1.patch("agents/:id") { req, ctx in try await handle(req) { req in
            guard case .object(let patch) = try await decodeBody(JSONValue.self, req, required: []) else {
                throw APIFailure.badRequest("body must be a JSON object")
            }
            return try json(store.updateAgent(id(ctx), patch))
        } }
        v1.delete("agents/:id") { req, ctx in try await handle(req) { _ in
            try store.deleteAgent(id(ctx))
            return try json(OKResponse(ok: true))
        } }

        v1.post("run") { req, _ in try await handle(req) { req in
            let body = try await decodeBody(CreateRunRequest.self, req, required: ["agentId", "prompt"])
            let run = try store.createRun(body)
            return try json(RunCreated(id: run.id, agentId: run.agentId, status: .queued, objectIds: run.objectIds,
                                       createdAt: run.createdAt))
        } }
        v1.get("run") { req, _ in try await handle(req) { req in
            let (limit, cursor) = try paging(req)
            var status: RunStatus?
            if let s = req.uri.queryParameters["status"].map(String.init) {
                guard let known = RunStatus.known.first(where: { $0.rawValue == s }) else {
                    throw APIFailure.badRequest("status must be one of queued, running, completed, failed, cancelled",
                                                code: "invalid_status")
                }
                status = known
            }
            let agentId = req.uri.queryParameters["agentId"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            return try json(store.listRuns(agentId: agentId, status: status, limit: limit, cursor: cursor))
        } }
        v1.post("run/:id/exec") { req, ctx in try await handle(req) { _ in
            let run = try store.execRun(id(ctx))
            return try json(RunExecResponse(id: run.id, status: .running, workflowId: run.workflowId, message: "Run started"))
        } }
        v1.get("run/:id/status") { req, ctx in try await handle(req) { _ in try json(store.status(id(ctx))) } }
        v1.get("run/:id/details") { req, ctx in try await handle(req) { _ in try json(store.details(id(ctx))) } }
        v1.post("run/:id/cancel") { req, ctx in try await handle(req) { _ in
            let (answer, finished) = try store.cancelRun(id(ctx))
            if let finished { webhooks.deliver(finished) }
            return try json(answer)
        } }
        v1.post("run/:id/watch") { req, ctx in try await handle(req) { req in
            struct Body: Decodable { let callbackUrl: String }
            let body = try await decodeBody(Body.self, req, required: ["callbackUrl"])
            try store.watch(id(ctx), callbackUrl: body.callbackUrl)
            return try json(WatchResponse(ok: true, callbackUrl: body.callbackUrl))
        } }
        if servesEvents {
            v1.get("run/:id/events") { req, ctx in try await handle(req) { req in
                try events(req, runId: id(ctx))
            } }
        }
        v1.post("execute") { req, _ in try await handle(req) { req in
            try await execute(decodeBody(ExecuteRequest.self, req, required: ["prompt"]))
        } }
    }

    // MARK: Execute

    func execute(_ body: ExecuteRequest) async throws -> Response {
        let agent = try store.createAgent(CreateAgentRequest(
            name: "ephemeral", instructions: body.instructions ?? "You are a general-purpose legal assistant.",
            model: body.model, vaultIds: body.vaultIds, enabledTools: body.enabledTools,
            disabledTools: body.disabledTools, sandbox: body.sandbox), ephemeral: true)
        let created = try store.createRun(CreateRunRequest(agentId: agent.id, prompt: body.prompt, guidance: body.guidance,
                                                           model: body.model, objectIds: body.objectIds))
        let async = body.agentRuntime == true
        let run = try store.execRun(created.id, provider: async ? "daytona" : "vercel")
        if async {
            return try json(ExecuteResponse(runId: run.id, agentId: agent.id, status: .running, provider: run.provider,
                                            runtimeId: run.runtimeId, runtimeState: "running",
                                            message: "Run started. Poll /agent/v1/run/\(run.id)/status"))
        }
        // Synchronous: answer when the run is over, as the linc runtime does.
        while true {
            for finished in store.advance() { webhooks.deliver(finished) }
            if try store.run(run.id).status.isTerminal { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let d = try store.details(run.id)
        return try json(ExecuteResponse(runId: d.id, agentId: agent.id, status: d.status, provider: d.provider,
                                        runtimeId: d.runtimeId, runtimeState: d.runtimeState, output: d.result?.output,
                                        error: d.result?.error, logs: d.result?.logs, usage: d.usage, message: nil))
    }

    // MARK: SSE

    func events(_ req: Request, runId: String) throws -> Response {
        _ = try store.run(runId)
        var last = 0
        if let q = req.uri.queryParameters["lastEventId"] {
            guard let n = Int(q), n >= 0 else { throw APIFailure.badRequest("lastEventId must be a non-negative integer") }
            last = n
        } else if let h = req.headers[HTTPField.Name("Last-Event-ID")!], let n = Int(h) {
            last = n
        }
        let store = self.store, webhooks = self.webhooks, heartbeat = self.heartbeat, resumeAfter = last
        let limit = eventsPerConnection ?? Int.max
        let encoding = compressesEvents ? ResponseCompression.negotiate(req.headers[values: .acceptEncoding]) : nil
        let body = ResponseBody { writer in
            var sent = resumeAfter
            var quietSince = Date()
            let compressor = try encoding.map(EventStreamCompressor.init)
            func send(_ text: String) async throws {
                try await writer.write(try compressor?.chunk(text) ?? ByteBuffer(string: text))
            }
            while true {
                for finished in store.advance() { webhooks.deliver(finished) }
                let (items, lastId, terminal) = RunEventFeed.items(try store.progress(runId), after: sent)
                let fresh = Array(items.prefix(max(0, limit - (sent - resumeAfter))))
                if !fresh.isEmpty {
                    try await send(fresh.map(RunEventFeed.frame).joined())
                    sent = fresh.last!.id
                    quietSince = Date()
                }
                if terminal && sent == lastId { break }
                if sent - resumeAfter >= limit { break }  // test knob: drop the connection early
                if Date().timeIntervalSince(quietSince) >= heartbeat {
                    try await send(RunEventFeed.heartbeat)
                    quietSince = Date()
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            if let compressor { try await writer.write(compressor.end()) }
            try await writer.finish(nil)
        }
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        if compressesEvents { headers[.vary] = "Accept-Encoding" }
        if let encoding { headers[.contentEncoding] = encoding.rawValue }
        return Response(status: .ok, headers: headers, body: body)
    }

    // MARK: Helpers

    func handle(_ req: Request, _ body: (Request) async throws -> Response) async throws -> Response {
        for finished in store.advance() { webhooks.deliver(finished) }
        do {
            return try await body(req)
        } catch let failure as APIFailure {
            return Self.errorResponse(failure)
        }
    }

    func id(_ ctx: BasicRequestContext) throws -> String {
        guard let id = ctx.parameters.get("id"), !id.isEmpty else { throw APIFailure.badRequest("id is required") }
        return id.removingPercentEncoding ?? id
    }

    func paging(_ req: Request) throws -> (Int, String?) {
        var limit = 50
        if let text = req.uri.queryParameters["limit"] {
            guard let n = Int(text), (1...250).contains(n) else {
                throw APIFailure.badRequest("limit must be an integer between 1 and 250", code: "invalid_limit")
            }
            limit = n
        }
        let cursor = req.uri.queryParameters["cursor"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        return (limit, cursor)
    }

    /// Reads a JSON body; names the missing field rather than a decoding error.
    func decodeBody<T: Decodable>(_ type: T.Type, _ req: Request, required: [String]) async throws -> T {
        var req = req
        let buffer = try await req.collectBody(upTo: 4 << 20)
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { throw APIFailure.badRequest("request body is required", code: "missing_body") }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw APIFailure.badRequest("request body is not valid JSON", code: "invalid_json")
        }
        for field in required {
            switch value[field] {
            case nil, .null?: throw APIFailure.badRequest("\(field) is required", code: "missing_\(field)")
            case .string(let s)? where s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
                throw APIFailure.badRequest("\(field) must not be empty", code: "missing_\(field)")
            default: break
            }
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw APIFailure.badRequest("request body has a field of the wrong type: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(_, let c)?, .valueNotFound(_, let c)?, .dataCorrupted(let c)?:
            return c.codingPath.map(\.stringValue).joined(separator: ".")
        case .keyNotFound(let key, _)?: return key.stringValue
        default: return "invalid body"
        }
    }

    /// A real server writes an object's fields in the same order every time; JSONEncoder on
    /// Linux does not (the order changes from one encode to the next), which no client sees
    /// from a real server, and which would defeat the client's reuse of unchanged runs
    /// (`RunPageDecoder`). Sorted is a stable order.
    static let encoder: JSONEncoder = {
        let e = JSONEncoder.caseDev
        e.outputFormatting.insert(.sortedKeys)
        return e
    }()

    func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try Self.encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func errorResponse(_ f: APIFailure) -> Response {
        let body: JSONValue = .object(["error": .object([
            "message": .string(f.message), "type": .string(f.type), "code": .string(f.code),
        ])])
        var headers: HTTPFields = [.contentType: "application/json"]
        for (k, v) in f.headers { headers[HTTPField.Name(k)!] = v }
        // A state conflict will not go away by repeating the request: tell the SDKs not to.
        if f.status == 409 { headers[HTTPField.Name("x-should-retry")!] = "false" }
        let data = (try? JSONEncoder.caseDev.encode(body)) ?? Data()
        return Response(status: HTTPResponse.Status(code: f.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
