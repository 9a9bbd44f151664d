import CaseDevAPI
import Foundation
import Testing

/// A 200 MB body was buffered whole on every poll. Reading stops at the limit, with an error
/// that says which limit and how to raise it.
@Suite struct ResponseLimitTests {
    static let total = 64 << 20

    /// Waits (bounded) until the server's streaming answer has ended, and returns what it wrote.
    static func written(by server: FixtureServer) async throws -> Int {
        let deadline = Date().addingTimeInterval(20)
        while server.record.streamsEnded.withLock({ $0 }) == 0, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return server.record.bytesWritten.withLock { $0 }
    }

    @Test(arguments: [false, true]) func readingStopsPastTheLimit(declareLength: Bool) async throws {
        let server = try await FixtureServer.start { _, record in FixtureServer.stream(total: Self.total, declareLength: declareLength, record: record) }
        defer { Task { await server.stop() } }
        let client = server.client { $0.maxResponseBytes = 256 << 10 }
        let e = try #require(await caseDevFailure { _ = try await client.listRuns() })
        #expect(e.kind == .tooLarge && !e.isRetryable)
        #expect(e.message.contains("larger than the 256 KB limit") && e.message.contains("maxResponseBytes"))
        // The connection was dropped: the server could hand over only what the socket buffers hold.
        let written = try await Self.written(by: server)
        #expect(written < Self.total / 4, "server wrote \(written) bytes")
        #expect(server.record.streamsEnded.withLock { $0 } == 1)
    }

    @Test func detailsHaveTheirOwnLargerLimit() async throws {
        let filler = String(repeating: "x", count: 20_000)
        let server = try await FixtureServer.start { request, _ in
            request.uri.path.hasSuffix("/details")
                ? FixtureServer.json(#"{"id":"run_1","status":"completed","prompt":"\#(filler)"}"#)
                : FixtureServer.json(#"{"runs":[{"id":"run_1","prompt":"\#(filler)"}],"hasMore":false}"#)
        }
        defer { Task { await server.stop() } }
        let client = server.client { $0.maxResponseBytes = 10_000; $0.maxDetailsBytes = 100_000 }
        #expect(try await client.runDetails("run_1").prompt.count == 20_000)
        let e = try #require(await caseDevFailure { _ = try await client.listRuns() })
        #expect(e.kind == .tooLarge && e.message.contains("maxResponseBytes"))
        let small = server.client { $0.maxDetailsBytes = 10_000 }
        let d = try #require(await caseDevFailure { _ = try await small.runDetails("run_1") })
        #expect(d.kind == .tooLarge && d.message.contains("maxDetailsBytes"))
    }

    @Test func defaultsAreGenerous() {
        let c = ClientConfiguration(apiKey: APIKey("sk_case_x"))
        #expect(c.maxDetailsBytes == 64 << 20 && c.maxResponseBytes == 8 << 20)
    }
}
