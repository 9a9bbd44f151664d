@testable import CaseDevAPI
import Foundation
import Testing

@Suite struct DecodingTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder.caseDev.decode(T.self, from: Data(json.utf8))
    }

    @Test func detailsExampleFromTheReferenceWithUnknownFieldsAndNulls() throws {
        let d = try decode(RunDetails.self, """
        {"id":"run_abc123","agentId":"agent_xyz","status":"completed","prompt":"Research employment law...",
         "guidance":null,"model":"anthropic/claude-sonnet-4.6","workflowId":"wrun_01J","modalSandboxId":null,
         "provider":"daytona","runtimeId":"a1b2c3","runtimeState":"stopped","brandNewField":{"x":[1,2]},
         "result":{"output":"## Research Report","outputObjectIds":["obj_123"],
           "finalResponse":{"summary":"Compiled memo","createdObjectIds":["obj_123"],"issues":[]},
           "logs":{"runner":"[runner] Sending prompt to agent...","runtime":"agent server listening","server":"x","weird":null}},
         "usage":{"model":"anthropic/claude-sonnet-4.6","inputTokens":45000,"outputTokens":3200,"toolCalls":12,"durationMs":317000,
           "summary":{"costMicros":412000,"totalInputTokens":45000,"totalOutputTokens":3200,"totalTokens":48200},
           "entries":[{"id":"use_1","kind":"llm","service":"llm","endpoint":"/llm/v1/chat/completions","method":"POST","statusCode":200,
             "costMicros":9100,"promptTokens":3000,"completionTokens":210,"totalTokens":3210,"model":"anthropic/claude-sonnet-4.6",
             "timestamp":"2025-01-15T10:30:09Z","metadata":null}]},
         "steps":[{"id":"step_001","type":"tool_call","content":null,"toolName":"bash","toolInput":{"command":"casedev vault list"},
           "toolOutput":"{ \\"vaults\\": [...] }","durationMs":1200,"timestamp":"2025-01-15T10:30:10Z"},
           {"id":"step_002","type":"future_kind","timestamp":"2025-01-15T10:30:11.250Z"}],
         "createdAt":"2025-01-15T10:30:00Z","startedAt":"2025-01-15T10:30:05.5Z","completedAt":"2025-01-15T10:35:22Z"}
        """)
        #expect(d.status == .completed)
        #expect(d.guidance == nil)
        #expect(d.result?.logs == ["runner": "[runner] Sending prompt to agent...", "runtime": "agent server listening", "server": "x"])
        #expect(d.result?.finalResponse?.summary == "Compiled memo")
        #expect(d.usage?.totalTokens == 48200)
        #expect(d.usage?.summary?.costMicros == 412000)
        #expect(d.usage?.entries?.first?.completionTokens == 210)
        #expect(d.steps.count == 2)
        #expect(d.steps[0].toolInput?["command"]?.stringValue == "casedev vault list")
        #expect(d.steps[1].type == "future_kind")
        #expect(d.steps[1].timestamp != nil)
        let started = try #require(d.startedAt), created = try #require(d.createdAt)
        #expect(started.timeIntervalSince(created) == 5.5)
    }

    @Test func unknownStatusIsKeptRaw() throws {
        let r = try decode(RunSummary.self, #"{"id":"run_1","agentId":"a","status":"paused","prompt":"p","model":null}"#)
        #expect(r.status == .other("paused"))
        #expect(r.status.rawValue == "paused")
        #expect(!r.status.isTerminal)
    }

    @Test func wrongTypesBecomeNilInsteadOfFailing() throws {
        let a = try decode(Agent.self, #"{"id":"agent_1","name":"A","isActive":"true","createdAt":"not a date","vaultIds":[1,"v"],"model":42}"#)
        #expect(a.isActive == true)
        #expect(a.createdAt == nil)
        #expect(a.vaultIds == ["v"])
        #expect(a.model == "42")
    }

    @Test func listPagesAndBothExecuteShapes() throws {
        let page = try decode(RunPage.self, """
        {"runs":[{"id":"run_abc123","agentId":"agent_abc123","status":"completed","prompt":"Search vault",
          "model":"anthropic/claude-sonnet-4.6","createdAt":"2026-03-01T12:00:00Z","startedAt":"2026-03-01T12:00:01Z",
          "completedAt":"2026-03-01T12:02:30Z"}],"hasMore":true,"nextCursor":"run_abc122"}
        """)
        #expect(page.runs.count == 1 && page.hasMore && page.nextCursor == "run_abc122")
        let sync = try decode(ExecuteResponse.self, """
        {"runId":"run_abc123","agentId":"agent_abc123","status":"completed","provider":"vercel","runtimeId":"sandbox_abc123",
         "runtimeState":"ended","output":"Top 5 issues: ...","error":null,
         "logs":{"runner":"[runner] starting linc ...","linc":"... linc stdout/stderr ..."},"usage":{},"message":null}
        """)
        #expect(sync.isFinished && sync.output == "Top 5 issues: ..." && sync.logs?.keys.sorted() == ["linc", "runner"])
        let async = try decode(ExecuteResponse.self,
            #"{"runId":"run_abc123","agentId":"agent_eph_789","status":"running","message":"Run started. Poll /agent/v1/run/run_abc123/status"}"#)
        #expect(!async.isFinished && async.runId == "run_abc123")
    }

    @Test func agentListExample() throws {
        let page = try decode(AgentPage.self, """
        {"agents":[{"id":"agent_abc123","name":"Contract Reviewer","description":null,"model":"anthropic/claude-sonnet-4.6",
          "vaultIds":null,"isActive":true,"createdAt":"2026-03-01T12:00:00Z","updatedAt":"2026-03-01T12:00:00Z"}],
         "hasMore":true,"nextCursor":"agent_abc123"}
        """)
        #expect(page.agents.first?.name == "Contract Reviewer")
        #expect(page.agents.first?.vaultIds == nil)
        #expect(page.agents.first?.isActive == true)
    }

    @Test func patchEncodesNullToClearAndOmitsAbsentFields() throws {
        let body = UpdateAgentRequest(name: "New", description: .clear, enabledTools: .set(["bash"]))
        let json = try #require(String(data: JSONEncoder.caseDev.encode(body), encoding: .utf8))
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        #expect(value == .object(["name": .string("New"), "description": .null, "enabledTools": .array([.string("bash")])]))
    }
}

@Suite struct ErrorAndRetryTests {
    @Test func errorBodiesOfEveryKnownShape() {
        func parse(_ s: String) -> String { ErrorBody.parse(Data(s.utf8), status: 400).message }
        #expect(parse(#"{"error":{"message":"Rate limit exceeded","type":"rate_limit_error","code":"rate_limit_exceeded"}}"#) == "Rate limit exceeded")
        #expect(parse(#"{"message":"bad thing","code":"X"}"#) == "bad thing")
        #expect(parse(#"{"error":"plain","code":"Y"}"#) == "plain")
        #expect(parse(#"{"statusCode":404,"statusMessage":"Not Found"}"#) == "Not Found")
        #expect(parse("upstream exploded") == "upstream exploded")
        #expect(parse("") == "HTTP status 400")
    }

    @Test func backoffDoublesCapsAndJitters() {
        let p = RetryPolicy.standard
        #expect(p.delay(retriesDone: 0, serverRetryAfter: nil, jitter: 0) == 0.5)
        #expect(p.delay(retriesDone: 1, serverRetryAfter: nil, jitter: 0) == 1.0)
        #expect(p.delay(retriesDone: 10, serverRetryAfter: nil, jitter: 0) == 8)
        #expect(p.delay(retriesDone: 0, serverRetryAfter: nil, jitter: 0.9999) > 0.375)
        #expect(p.delay(retriesDone: 0, serverRetryAfter: 3, jitter: 0.5) == 3)
    }

    @Test func retryAfterHeadersMillisecondsFirstThenSecondsThenDate() {
        #expect(RetryPolicy.retryAfter(headers: ["retry-after-ms": "250", "Retry-After": "9"]) == 0.25)
        #expect(RetryPolicy.retryAfter(headers: ["Retry-After": "2"]) == 2)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let date = "Tue, 14 Nov 2023 22:13:30 GMT"  // now + 10 s
        #expect(RetryPolicy.retryAfter(headers: ["retry-after": date], now: now) == 10)
        #expect(RetryPolicy.retryAfter(headers: [:]) == nil)
    }

    @Test func retryableStatuses() {
        for s in [408, 429, 500, 502, 503] { #expect(CaseDevError(kind: .http(status: s), message: "").isRetryable) }
        for s in [400, 401, 403, 404, 409, 422] { #expect(!CaseDevError(kind: .http(status: s), message: "").isRetryable) }
        #expect(CaseDevError(kind: .connectionRefused, message: "").isRetryable)
        #expect(!CaseDevError(kind: .http(status: 503), message: "", shouldRetryHeader: false).isRetryable)
    }

    @Test func missingKeyIsAClearErrorAndTheKeyNeverShows() throws {
        #expect(throws: CaseDevError.self) { try ClientConfiguration.fromEnvironment([:]) }
        do { _ = try ClientConfiguration.fromEnvironment([:]) } catch let e as CaseDevError {
            #expect(e.kind == .missingAPIKey)
            #expect(e.description.contains("CASEDEV_API_KEY"))
            #expect(e.description.contains("--demo"))
        }
        let secret = "sk_case_SUPERSECRET123"
        let cfg = try ClientConfiguration.fromEnvironment(["CASEDEV_API_KEY": secret, "CASEDEV_BASE_URL": "http://127.0.0.1:9"])
        #expect(cfg.baseURL.absoluteString == "http://127.0.0.1:9")
        for text in [String(describing: cfg), String(reflecting: cfg), "\(cfg.apiKey)", String(reflecting: cfg.apiKey)] {
            #expect(!text.contains("SUPERSECRET"))
        }
        var dumped = ""
        dump(cfg, to: &dumped)
        #expect(!dumped.contains("SUPERSECRET"))
        #expect(throws: CaseDevError.self) { try ClientConfiguration.parseBaseURL("ftp://x") }
    }
}

@Suite struct SSEParserTests {
    @Test func framesSplitAnywhereCommentsAndCRLF() {
        let wire = ": hello\r\nid: 1\r\nevent: log\r\ndata: {\"a\":1}\r\n\r\nid: 2\ndata: line1\ndata: line2\n\n: ping\n\nevent: x\n\n"
        var p = SSEParser()
        var out: [SSEMessage] = []
        for byte in Array(wire.utf8) { out += p.feed([byte]) }
        #expect(out == [SSEMessage(id: "1", event: "log", data: "{\"a\":1}"),
                        SSEMessage(id: "2", event: nil, data: "line1\nline2")])
    }

    @Test func byteOrderMarkOnlyAtTheStartEvenWhenSplit() {
        var p = SSEParser()
        var out = p.feed([0xEF, 0xBB])
        out += p.feed(Array("\u{FEFF}data: a\n\n".utf8).dropFirst(2))
        #expect(out == [SSEMessage(id: nil, event: nil, data: "a")])
        // Later in the stream the same bytes are part of the field name, which is then unknown.
        out = p.feed(Array("\u{FEFF}data: b\n\ndata: c\n\n".utf8))
        #expect(out == [SSEMessage(id: nil, event: nil, data: "c")])
    }

    @Test func aChunkEndingOnCRDispatchesNowAndItsLFIsNotAnotherLine() {
        var p = SSEParser()
        #expect(p.feed(Array("data: a\rdata: b\r\r".utf8)) == [SSEMessage(id: nil, event: nil, data: "a\nb")])
        // CR | LF across chunks is one line end, not an empty line that would split the event.
        var out = p.feed(Array("data: c\r".utf8))
        out += p.feed(Array("\ndata: d\n\n".utf8))
        #expect(out == [SSEMessage(id: nil, event: nil, data: "c\nd")])
    }

    @Test func theIdPersistsIntoLaterBlocksUntilChanged() {
        var p = SSEParser()
        let out = p.feed(Array("id: 7\ndata: a\n\ndata: b\n\nid: 9\ndata: c\n\n".utf8))
        #expect(out.map(\.id) == ["7", "7", "9"])
    }
}

@Suite struct TimestampTests {
    @Test func handWrittenFormatterMatchesFoundationAndRoundTrips() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        for t in [0.0, 1_795_000_000.125, 951_782_400.5, 4_102_444_799.75, -86_400.25, 1_709_164_800] {
            let d = Date(timeIntervalSince1970: t)
            #expect(ISO8601.format(d) == d.formatted(style), "at \(t)")
            #expect(abs((ISO8601.parse(ISO8601.format(d)) ?? .distantPast).timeIntervalSince(d)) < 0.001)
        }
    }
}

@Suite struct TimestampParserTests {
    /// The hand-written parser takes the common forms; every answer must be the one Foundation gives.
    @Test func handWrittenParserAgreesWithFoundation() throws {
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let whole = Date.ISO8601FormatStyle()
        let samples = ["2026-11-22T11:42:22.250Z", "2026-11-22T11:42:22Z", "2024-02-29T23:59:59.999Z",
                       "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "2000-03-01T00:00:00.1Z",
                       "2026-11-22T11:42:22.123456789Z", "2026-11-22T11:42:22+02:00",
                       "2026-11-22T11:42:22.25-05:30", "2099-12-31T23:59:59.000Z"]
        for text in samples {
            let fast = try #require(ISO8601.parseCommon(text), "\(text)")
            let reference = try #require((try? fractional.parse(text)) ?? (try? whole.parse(text)), "\(text)")
            #expect(abs(fast.timeIntervalSince(reference)) < 0.000_001, "\(text)")
            #expect(ISO8601.parse(text) == fast)
        }
        // Not the common form: left to Foundation, and nothing is invented for nonsense.
        for text in ["2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22 11:42:22Z",
                     "2026-11-22T11:42:22.Z", "2026-11-22T11:42:22", "2026-11-22T11:42:22+0200", "garbage", ""] {
            #expect(ISO8601.parseCommon(text) == nil, "\(text)")
        }
        #expect(ISO8601.parse("garbage") == nil)
    }
}
