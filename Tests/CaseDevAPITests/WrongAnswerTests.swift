import CaseDevAPI
import Foundation
import Testing

/// A 200 answer for something other than what was asked is a failure of that request, so the
/// dashboard backs off instead of asking again at once (it asked ~1,300 times a second).
@Suite struct WrongAnswerTests {
    static func server() async throws -> FixtureServer {
        try await FixtureServer.start { request, _ in
            let path = request.uri.path
            if path.contains("noid") { return FixtureServer.json(#"{"status":"running","prompt":"p","name":"n"}"#) }
            if path.contains("/agents/") {
                return FixtureServer.json(#"{"id":"agent_other","name":"Other"}"#)
            }
            return FixtureServer.json(#"{"id":"run_other\u001b]0;pwned\u0007","status":"running","prompt":"p"}"#)
        }
    }

    @Test func detailsForAnotherRunOrNoRunAreFailures() async throws {
        let server = try await Self.server()
        defer { Task { await server.stop() } }
        let client = server.client()
        let other = try #require(await caseDevFailure { _ = try await client.runDetails("run_asked") })
        #expect(other.kind == .invalidResponse && !other.isRetryable)
        #expect(other.message.contains("another run") && other.message.contains("run_other") && other.message.contains("run_asked"))
        #expect(!other.message.contains("\u{1B}") && !other.message.contains("pwned"))
        let none = try #require(await caseDevFailure { _ = try await client.runDetails("run_noid") })
        #expect(none.kind == .invalidResponse && none.message.contains("no run id"))
        // Each was one request: a wrong answer is not retried either.
        #expect(server.seen.count == 2)
    }

    @Test func statusAndAgentAreCheckedToo() async throws {
        let server = try await Self.server()
        defer { Task { await server.stop() } }
        let client = server.client()
        let status = try #require(await caseDevFailure { _ = try await client.runStatus("run_asked") })
        #expect(status.kind == .invalidResponse && status.message.contains("another run"))
        let noStatus = try #require(await caseDevFailure { _ = try await client.runStatus("run_noid") })
        #expect(noStatus.kind == .invalidResponse)
        let agent = try #require(await caseDevFailure { _ = try await client.getAgent("agent_asked") })
        #expect(agent.kind == .invalidResponse && agent.message.contains("another agent") && agent.message.contains("agent_other"))
    }

    @Test func theRightRunStillDecodes() async throws {
        let server = try await FixtureServer.start { _, _ in FixtureServer.json(#"{"id":"run_1","status":"completed","prompt":"p"}"#) }
        defer { Task { await server.stop() } }
        #expect(try await server.client().runDetails("run_1").status == .completed)
        #expect(try await server.client().runStatus("run_1").status == .completed)
    }
}
