import CaseDevAPI
import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// On a redirect to another host or port, every request carried `Authorization: Bearer sk_case_…`
/// there. The key goes to the configured origin only.
@Suite struct KeyOriginTests {
    static let statuses: [HTTPResponse.Status] = [.movedPermanently, .found, .seeOther, .temporaryRedirect, .permanentRedirect]

    /// `home` redirects everything to `elsewhere`, which answers like the API would.
    static func servers(_ status: HTTPResponse.Status) async throws -> (home: FixtureServer, elsewhere: FixtureServer) {
        let elsewhere = try await FixtureServer.start { request, _ in
            request.uri.path.hasSuffix("/events")
                ? Response(status: .ok, headers: [.contentType: "text/event-stream"],
                           body: ResponseBody(byteBuffer: .init(string: "data: {\"type\":\"done\"}\n\n")))
                : FixtureServer.json(#"{"runs":[],"hasMore":false}"#)
        }
        let target = elsewhere.url.absoluteString
        let home = try await FixtureServer.start { request, _ in
            Response(status: status, headers: [.location: target + request.uri.path])
        }
        return (home, elsewhere)
    }

    @Test(arguments: statuses) func crossOriginRedirectsAreRefusedAndNeverGetTheKey(_ status: HTTPResponse.Status) async throws {
        let (home, elsewhere) = try await Self.servers(status)
        defer { Task { await home.stop(); await elsewhere.stop() } }
        let e = try #require(await caseDevFailure { _ = try await home.client().listRuns() })
        let port = try #require(elsewhere.url.port)
        #expect(e.kind == .refusedRedirect && !e.isRetryable)
        #expect(e.message == "refused redirect to other origin 127.0.0.1:\(port); the API key is only sent to \(home.url.absoluteString)")
        #expect(elsewhere.seen.isEmpty && home.seen.count == 1)
    }

    @Test func theEventStreamDoesNotFollowTheKeyElsewhereEither() async throws {
        let (home, elsewhere) = try await Self.servers(.temporaryRedirect)
        defer { Task { await home.stop(); await elsewhere.stop() } }
        let client = home.client()
        let e = await caseDevFailure { for try await _ in client.runEvents(id: "run_1") {} }
        #expect(e?.kind == .refusedRedirect)
        #expect(elsewhere.seen.allSatisfy { $0.authorization == nil })
    }

    @Test func sameOriginRedirectsAreFollowedWithTheKey() async throws {
        let home = try await FixtureServer.start { request, _ in
            guard request.uri.path.hasPrefix("/moved") else {
                return Response(status: .temporaryRedirect, headers: [.location: "/moved" + request.uri.path])
            }
            return request.headers[.authorization] == "Bearer sk_case_fixture"
                ? FixtureServer.json(#"{"agents":[{"id":"agent_1","name":"A"}],"hasMore":false}"#)
                : FixtureServer.json(#"{"error":"no key"}"#, status: .unauthorized)
        }
        defer { Task { await home.stop() } }
        #expect(try await home.client().listAgents().agents.map(\.id) == ["agent_1"])
        #expect(home.seen.map(\.path) == ["/agent/v1/agents", "/moved/agent/v1/agents"])
    }

    @Test func plainHTTPOffThisMachineIsRefusedBeforeAnythingIsSent() async throws {
        let requests = RequestLog()
        let config = ClientConfiguration(baseURL: URL(string: "http://api.example.com:8080")!, apiKey: APIKey("sk_case_x"), retry: .none)
        let client = CaseDevClient(configuration: config, onRequest: { m, p in requests.add("\(m) \(p)") })
        let e = try #require(await caseDevFailure { _ = try await client.listRuns() })
        #expect(e.kind == .invalidConfiguration && e.message.contains("--allow-insecure-http")
                && e.message.contains("api.example.com:8080"))
        let stream = await caseDevFailure { for try await _ in client.runEvents(id: "run_1") {} }
        #expect(stream?.kind == .invalidConfiguration)
        #expect(requests.all.isEmpty)
        #expect(throws: CaseDevError.self) { try config.checkKeyTransport() }
    }

    @Test func loopbackHTTPSAndTheFlagAreAllowed() throws {
        func check(_ url: String, allow: Bool = false) -> Bool {
            let c = ClientConfiguration(baseURL: URL(string: url)!, apiKey: APIKey("sk_case_x"), allowInsecureHTTP: allow)
            return (try? c.checkKeyTransport()) != nil
        }
        for url in ["http://127.0.0.1:8080", "http://127.9.8.7", "http://localhost:1", "http://LOCALHOST", "http://[::1]:80",
                    "https://api.case.dev", "https://10.0.0.1"] {
            #expect(check(url), "\(url)")
        }
        for url in ["http://api.case.dev", "http://10.0.0.1", "http://127.0.0.1.evil.example", "http://localhost.evil.example",
                    "http://128.0.0.1"] {
            #expect(!check(url), "\(url)")
            #expect(check(url, allow: true), "\(url)")
        }
    }
}
