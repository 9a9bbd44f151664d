import CaseDevAPI
import CaseDevEmulator
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

@Suite struct AgentEndpointTests {
    @Test func createListGetUpdateDelete() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let a = try await h.client.createAgent(CreateAgentRequest(name: "Reviewer", instructions: "Review.",
                                                                  description: "d", sandbox: SandboxConfig(cpu: 2, memoryMiB: 2048)))
        #expect(a.id.hasPrefix("agent_") && a.model == "anthropic/claude-sonnet-4.6" && a.sandbox?["cpu"]?.intValue == 2)
        let b = try await h.agent("Second")
        let page = try await h.client.listAgents(limit: 1)
        #expect(page.agents.map(\.id) == [b.id] && page.hasMore && page.nextCursor == b.id)
        let next = try await h.client.listAgents(limit: 1, cursor: page.nextCursor)
        #expect(next.agents.map(\.id) == [a.id] && !next.hasMore && next.nextCursor == nil)
        #expect(try await h.client.allAgents(pageSize: 1).map(\.id) == [b.id, a.id])
        #expect(try await h.client.getAgent(a.id).instructions == "Review.")
        let updated = try await h.client.updateAgent(a.id, UpdateAgentRequest(model: "openai/gpt-5", description: .clear,
                                                                             enabledTools: .set(["bash"])))
        #expect(updated.model == "openai/gpt-5" && updated.description == nil && updated.enabledTools == ["bash"]
                && updated.name == "Reviewer")
        #expect(try await h.client.deleteAgent(a.id).ok)
        await #expect(throws: CaseDevError.self) { try await h.client.getAgent(a.id) }
        #expect(try await h.client.allAgents().map(\.id) == [b.id])
    }

    @Test func validationErrorsCarryStatusMessageAndCode() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        func failure(_ body: () async throws -> Void) async -> CaseDevError? {
            do { try await body(); return nil } catch let e as CaseDevError { return e } catch { return nil }
        }
        let empty = await failure { _ = try await h.client.createAgent(CreateAgentRequest(name: "", instructions: "x")) }
        #expect(empty?.status == 400 && empty?.message == "name must not be empty")
        let both = await failure { _ = try await h.client.createAgent(CreateAgentRequest(name: "n", instructions: "i",
                                                                                        enabledTools: ["a"], disabledTools: ["b"])) }
        #expect(both?.status == 400 && both?.code == "conflicting_tool_lists")
        let unknown = await failure { _ = try await h.client.getAgent("agent_nope") }
        #expect(unknown?.status == 404 && unknown?.code == "agent_not_found" && unknown?.type == "not_found_error")
        let limit = await failure { _ = try await h.client.listAgents(limit: 251) }
        #expect(limit?.status == 400 && limit?.code == "invalid_limit")
        let zero = await failure { _ = try await h.client.listRuns(limit: 0) }
        #expect(zero?.status == 400 && zero?.code == "invalid_limit")
        let status = await failure { _ = try await h.client.listRuns(status: .other("paused")) }
        #expect(status?.status == 400 && status?.code == "invalid_status")
        let watchless = await failure { _ = try await h.client.watchRun("run_nope", callbackUrl: "https://hooks.example.com/x") }
        #expect(watchless?.status == 404)
        let cursor = await failure { _ = try await h.client.listRuns(cursor: "run_nope") }
        #expect(cursor?.status == 400 && cursor?.code == "invalid_cursor")
        let emptyId = await failure { _ = try await h.client.runDetails("") }
        #expect(emptyId?.kind == .invalidArgument)
    }

    @Test func badKeysAreRejectedWith401AndNotRetried() async throws {
        let h = try await Harness.start(key: "not_a_case_key")
        defer { Task { await h.emulator.stop() } }
        do { _ = try await h.client.listRuns(); Issue.record("expected 401") } catch let e as CaseDevError {
            #expect(e.status == 401 && e.code == "AUTH_INVALID" && !e.isRetryable)
        }
        #expect(h.requests.all.count == 1)
    }

    @Test func rawRequestsMalformedJSONEmptyBodiesAndRateLimitHeaders() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let base = h.client.configuration.baseURL
        func raw(_ method: String, _ path: String, _ body: String?) async throws -> (Int, String, HTTPURLResponse) {
            var r = URLRequest(url: base.appendingPathComponent(path))
            r.httpMethod = method
            r.setValue("Bearer sk_case_raw", forHTTPHeaderField: "Authorization")
            r.setValue("application/json", forHTTPHeaderField: "Content-Type")
            r.httpBody = body.map { Data($0.utf8) }
            let (data, resp) = try await URLSession.shared.cancellableData(for: r)
            let http = resp as! HTTPURLResponse
            return (http.statusCode, String(decoding: data, as: UTF8.self), http)
        }
        let (s1, b1, _) = try await raw("POST", "agent/v1/run", "{not json")
        #expect(s1 == 400 && b1.contains("invalid_json"))
        let (s2, b2, _) = try await raw("POST", "agent/v1/run", #"{"prompt":"p"}"#)
        #expect(s2 == 400 && b2.contains("agentId is required"))
        // The Python SDK sends Content-Type: application/json with an empty body on exec/cancel.
        let a = try await h.agent()
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "hi #hang"))
        let (s3, b3, http) = try await raw("POST", "agent/v1/run/\(run.id)/exec", nil)
        #expect(s3 == 200 && b3.contains("\"running\""))
        #expect(http.value(forHTTPHeaderField: "x-ratelimit-limit-requests") == "600")
        #expect(http.value(forHTTPHeaderField: "x-ratelimit-remaining-requests") != nil)
        #expect(http.value(forHTTPHeaderField: "x-ratelimit-reset-requests")?.hasSuffix("s") == true)
        #expect(http.value(forHTTPHeaderField: "x-ratelimit-tier") == "tier_1")
        let (s4, _, _) = try await raw("POST", "agent/v1/run/\(run.id)/cancel", "")
        #expect(s4 == 200)
    }
}

@Suite struct RunEndpointTests {
    @Test func runGoesQueuedRunningCompletedWithGrowingLogsAndUsage() async throws {
        let h = try await Harness.start(speed: 1)
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        let created = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "Review it #ok #duration=3 #runtime=linc",
                                                                   guidance: "be brief"))
        #expect(created.status == .queued)
        let queued = try await h.client.runDetails(created.id)
        #expect(queued.status == .queued && queued.result == nil && queued.steps.isEmpty && queued.usage == nil && queued.startedAt == nil)
        #expect(try await h.client.runStatus(created.id).durationMs == nil)
        let exec = try await h.client.execRun(created.id)
        #expect(exec.status == .running && exec.workflowId != nil)
        try await Task.sleep(for: .milliseconds(1200))
        let early = try await h.client.runDetails(created.id)
        #expect(early.status == .running && early.runtimeState == "running" && early.provider == "vercel")
        let earlyRunner = early.result?.logs?["runner"]?.split(separator: "\n").count ?? 0
        let earlyTokens = early.usage?.totalTokens ?? 0
        #expect(early.result?.logs?.keys.sorted() == ["linc", "runner"])
        #expect(earlyRunner > 0)
        try await Task.sleep(for: .milliseconds(1000))
        let later = try await h.client.runDetails(created.id)
        #expect((later.result?.logs?["runner"]?.split(separator: "\n").count ?? 0) > earlyRunner)
        #expect((later.usage?.totalTokens ?? 0) > earlyTokens)
        let done = try await h.waitUntilFinished(created.id)
        #expect(done.status == .completed && done.durationMs != nil && done.completedAt != nil)
        let final = try await h.client.runDetails(created.id)
        #expect(final.result?.output?.contains("Findings") == true)
        #expect(final.steps.contains { $0.type == "tool_call" && $0.toolName != nil })
        #expect(final.steps.contains { $0.type == "output" })
        #expect(final.usage?.summary?.costMicros ?? 0 > 0)
        #expect(final.usage?.toolCalls ?? 0 > 0)
        #expect(final.runtimeState == "ended" && final.guidance == "be brief")
        // A second exec of a finished run is a conflict.
        do { _ = try await h.client.execRun(created.id); Issue.record("expected 409") } catch let e as CaseDevError {
            #expect(e.status == 409 && e.code == "run_not_queued")
        }
        #expect(h.requests.count("POST /agent/v1/run/\(created.id)/exec") == 2)
    }

    @Test func failedRunsCarryAnErrorAndTheAgentRuntimeHasARuntimeStream() async throws {
        let h = try await Harness.start(speed: 10)
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "x #fail #duration=5 #runtime=agent"))
        _ = try await h.client.execRun(run.id)
        #expect(try await h.waitUntilFinished(run.id).status == .failed)
        let d = try await h.client.runDetails(run.id)
        #expect(d.result?.error?.isEmpty == false && d.runtimeState == "error" && d.provider == "daytona")
        #expect(d.result?.logs?.keys.sorted() == ["runner", "runtime"])
    }

    @Test func cancelQueuedAndRunningAndIdempotently() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        let q = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "wait"))
        #expect(try await h.client.cancelRun(q.id).status == .cancelled)
        #expect(try await h.client.runStatus(q.id).status == .cancelled)
        let r = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "long #hang"))
        _ = try await h.client.execRun(r.id)
        let c = try await h.client.cancelRun(r.id)
        #expect(c.status == .cancelled && c.message == nil)
        let again = try await h.client.cancelRun(r.id)
        #expect(again.status == .cancelled)
        let d = try await h.client.runDetails(r.id)
        #expect(d.result?.logs?["runner"]?.contains("cancelled") == true)
        let f = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "quick #ok #duration=1"))
        _ = try await h.client.execRun(f.id)
        _ = try await h.waitUntilFinished(f.id)
        let late = try await h.client.cancelRun(f.id)
        #expect(late.status == .completed && late.message == "Run already finished")
        do { _ = try await h.client.cancelRun("run_missing"); Issue.record("expected 404") } catch let e as CaseDevError {
            #expect(e.status == 404)
        }
    }

    @Test func listFiltersByAgentAndStatusAndPaginatesPast250() async throws {
        let h = try await Harness.start(demo: true, demoRuns: 600)
        defer { Task { await h.emulator.stop() } }
        let all = try await h.client.allRuns()
        #expect(all.count >= 600)
        #expect(Set(all.map(\.id)).count == all.count)
        let dates = all.compactMap(\.createdAt)
        #expect(dates == dates.sorted(by: >))
        let pages = h.requests.count("GET /agent/v1/run")
        #expect(pages == (all.count + 249) / 250)
        let failed = try await h.client.allRuns(status: .failed)
        #expect(!failed.isEmpty && failed.allSatisfy { $0.status == .failed })
        let agentId = try #require(all.first?.agentId)
        let mine = try await h.client.listRuns(agentId: agentId, status: .completed, limit: 5)
        #expect(mine.runs.allSatisfy { $0.agentId == agentId && $0.status == .completed })
        let statuses = Set(all.map(\.status))
        #expect(statuses.isSuperset(of: [.completed, .failed, .cancelled, .queued]))
        #expect(all.allSatisfy { $0.prompt.count <= 200 })
    }

    @Test func watchRejectsHttpOutsideLoopbackAndPostsTheFinalStatus() async throws {
        let h = try await Harness.start(speed: 10)
        defer { Task { await h.emulator.stop() } }
        let receiver = try await CallbackReceiver.start()
        defer { Task { await receiver.stop() } }
        let a = try await h.agent()
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "x #ok #duration=2",
                                                               callbackUrl: receiver.url + "/first"))
        let w = try await h.client.watchRun(run.id, callbackUrl: receiver.url + "/second")
        #expect(w.ok && w.callbackUrl == receiver.url + "/second")
        do { _ = try await h.client.watchRun(run.id, callbackUrl: "http://example.com/hook"); Issue.record("expected 400") }
        catch let e as CaseDevError { #expect(e.status == 400 && e.message.contains("https")) }
        do { _ = try await h.client.watchRun(run.id, callbackUrl: "https://192.168.1.5/hook"); Issue.record("expected 400") }
        catch let e as CaseDevError { #expect(e.status == 400 && e.message.contains("private")) }
        _ = try await h.client.execRun(run.id)
        _ = try await h.waitUntilFinished(run.id)
        let bodies = try await receiver.waitFor(count: 2)
        #expect(Set(bodies.map(\.path)) == ["/first", "/second"])
        for b in bodies {
            #expect(b.json["runId"]?.stringValue == run.id && b.json["status"]?.stringValue == "completed")
            #expect(b.json["durationMs"]?.intValue != nil)
        }
    }
}

@Suite struct ExecuteTests {
    @Test func synchronousExecuteAnswersWithOutputLogsAndUsage() async throws {
        let h = try await Harness.start(speed: 20)
        defer { Task { await h.emulator.stop() } }
        let answer = try await h.client.execute(ExecuteRequest(prompt: "Summarise #ok #duration=10", instructions: "Be brief."))
        #expect(answer.isFinished && answer.status == .completed && answer.provider == "vercel" && answer.runtimeState == "ended")
        #expect(answer.output?.isEmpty == false && answer.logs?.keys.sorted() == ["linc", "runner"])
        #expect(answer.usage?.totalTokens ?? 0 > 0)
        // Ephemeral agents are never listed.
        #expect(try await h.client.allAgents().isEmpty)
        #expect(try await h.client.runStatus(answer.runId).status == .completed)
    }

    @Test func agentRuntimeExecuteIsAsynchronousAndPolled() async throws {
        let h = try await Harness.start(speed: 20)
        defer { Task { await h.emulator.stop() } }
        let answer = try await h.client.execute(ExecuteRequest(prompt: "Go #ok", agentRuntime: true))
        #expect(!answer.isFinished && answer.status == .running && answer.provider == "daytona")
        #expect(try await h.waitUntilFinished(answer.runId).status == .completed)
        let d = try await h.client.runDetails(answer.runId)
        #expect(d.result?.logs?.keys.sorted() == ["runner", "runtime"])
    }
}

@Suite struct RetryBehaviourTests {
    @Test func getsAreRetriedHonouringRetryAfter() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        h.emulator.control.inject([.status(429, retryAfter: 1), .status(500)])
        let start = Date()
        let page = try await h.client.listRuns(limit: 1)
        #expect(page.runs.isEmpty)
        #expect(Date().timeIntervalSince(start) >= 1.0)
        #expect(h.requests.count("GET /agent/v1/run") == 3)
    }

    @Test func givesUpAfterTwoRetries() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        h.emulator.control.inject([.status(503), .status(503), .status(503), .status(503)])
        do { _ = try await h.client.listAgents(); Issue.record("expected failure") } catch let e as CaseDevError {
            #expect(e.status == 503 && e.isRetryable)
        }
        #expect(h.requests.count("GET /agent/v1/agents") == 3)
    }

    @Test func createExecAndExecuteAreNeverRetried() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        h.emulator.control.inject([.status(500)])
        await #expect(throws: CaseDevError.self) { _ = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "p")) }
        #expect(h.requests.count("POST /agent/v1/run") == 1)
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "p"))
        h.emulator.control.inject([.status(429, retryAfter: 1)])
        await #expect(throws: CaseDevError.self) { _ = try await h.client.execRun(run.id) }
        #expect(h.requests.count("POST /agent/v1/run/\(run.id)/exec") == 1)
        h.emulator.control.inject([.status(502)])
        await #expect(throws: CaseDevError.self) { _ = try await h.client.execute(ExecuteRequest(prompt: "p")) }
        #expect(h.requests.count("POST /agent/v1/execute") == 1)
        h.emulator.control.inject([.status(500)])
        await #expect(throws: CaseDevError.self) { _ = try await h.client.createAgent(CreateAgentRequest(name: "n", instructions: "i")) }
        #expect(h.requests.count("POST /agent/v1/agents") == 2)
        // Cancel is idempotent, so it is retried.
        h.emulator.control.inject([.status(500)])
        #expect(try await h.client.cancelRun(run.id).status == .cancelled)
        #expect(h.requests.count("POST /agent/v1/run/\(run.id)/cancel") == 2)
    }

    @Test func transportFailuresAreDistinctAndClear() async throws {
        let client = CaseDevClient(configuration: ClientConfiguration(baseURL: URL(string: "http://127.0.0.1:1")!,
                                                                      apiKey: APIKey("sk_case_x"), retry: .none))
        do { _ = try await client.listRuns(); Issue.record("expected failure") } catch let e as CaseDevError {
            #expect(e.kind == .connectionRefused)
            #expect(e.description == "connection refused by 127.0.0.1:1")
        }
    }
}

@Suite struct EventStreamTests {
    @Test func followsARunToItsEndWithIncreasingIdsAndResumes() async throws {
        let h = try await Harness.start(speed: 1)
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "x #ok #duration=2"))
        _ = try await h.client.execRun(run.id)
        var events: [RunEvent] = []
        for try await e in h.client.runEvents(id: run.id) { events.append(e) }
        let ids = events.compactMap(\.id)
        #expect(ids == Array(1...ids.count))
        #expect(events.first?.type == "status" && events.last?.isTerminal == true)
        #expect(events.contains { $0.type == "log" && $0.data["stream"]?.stringValue == "linc" || $0.data["stream"]?.stringValue == "runtime" })
        #expect(events.contains { $0.type == "step" } && events.contains { $0.type == "usage" })
        #expect(events.last?.data["status"]?.stringValue == "completed")
        // Resume after event 5 gives exactly the rest.
        var rest: [RunEvent] = []
        for try await e in h.client.runEvents(id: run.id, lastEventId: 5) { rest.append(e) }
        #expect(rest.compactMap(\.id) == Array(6...ids.count))
    }

    @Test func droppedConnectionsAreResumedFromTheLastEventId() async throws {
        let h = try await Harness.start(speed: 1, sseEventsPerConnection: 4)
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "x #ok #duration=1"))
        _ = try await h.client.execRun(run.id)
        _ = try await h.waitUntilFinished(run.id)
        var ids: [Int] = []
        for try await e in h.client.runEvents(id: run.id) { if let id = e.id { ids.append(id) } }
        #expect(ids.count > 8 && ids == Array(1...ids.count))  // nothing lost, nothing repeated
        let connections = h.requests.count("GET /agent/v1/run/\(run.id)/events")
        #expect(connections == (ids.count + 3) / 4)
    }

    @Test func heartbeatsAreJSONEventsWhileAQueuedRunWaits() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "wait"))
        var seen: [RunEvent] = []
        for try await e in h.client.runEvents(id: run.id) {
            seen.append(e)
            if seen.count == 2 { break }
        }
        #expect(seen.allSatisfy { $0.type == "heartbeat" && $0.id == nil })
    }
}

@Suite struct CancellationRegressionTests {
    /// Swift 6.3.1's URLSession deadlocks when a task is cancelled as its request completes
    /// (swift-corelibs-foundation #5412). Hundreds of start+cancel cycles must not hang.
    @Test(.timeLimit(.minutes(1))) func startAndCancelHundredsOfRequests() async throws {
        let h = try await Harness.start(retry: .none)
        defer { Task { await h.emulator.stop() } }
        for i in 0..<300 {
            let t = Task { try await h.client.listRuns(limit: 1) }
            try await Task.sleep(for: .microseconds((i % 4) * 700))
            t.cancel()
            _ = await t.result
        }
        #expect(try await h.client.listRuns(limit: 1).runs.isEmpty)
    }
}
