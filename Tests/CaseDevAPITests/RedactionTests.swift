@testable import CaseDevAPI
import Foundation
import Testing

/// A server that echoes the request headers in its error body must not put the key on screen.
@Suite struct RedactionTests {
    @Test func anErrorBodyEchoingTheKeyGivesAnErrorWithoutIt() async throws {
        let server = try await FixtureServer.start { request, _ in
            let auth = request.headers[.authorization] ?? ""
            return FixtureServer.json(#"{"error":{"message":"bad request; you sent Authorization: \#(auth)","code":"E_\#(auth)"}}"#,
                                      status: .badRequest)
        }
        defer { Task { await server.stop() } }
        let e = try #require(await caseDevFailure { _ = try await server.client(key: "sk_case_S3cretKey-123").listRuns() })
        #expect(e.status == 400)
        #expect(!e.description.contains("S3cretKey") && !e.message.contains("S3cretKey") && e.code?.contains("S3cretKey") == false)
        #expect(e.message.contains("Authorization: Bearer sk_case_"))
    }

    @Test func aConfiguredKeyOfAnyShapeIsRedactedToo() async throws {
        let server = try await FixtureServer.start { request, _ in
            FixtureServer.json("echo: \(request.headers[.authorization] ?? "")", status: .internalServerError)
        }
        defer { Task { await server.stop() } }
        let e = try #require(await caseDevFailure { _ = try await server.client(key: "legacy.Key.0987654321").listAgents() })
        #expect(e.status == 500 && e.message.hasPrefix("echo: Bearer") && !e.description.contains("0987654321"))
    }

    @Test func untrustedTextRedactsEveryKeyShape() {
        let text = UntrustedText.line("a sk_case_abc-DEF_123 b Xsk_case_9 c sk_case_ d sk_case_…(redacted)")
        #expect(!text.contains("abc-DEF_123") && !text.contains("sk_case_9"))
        #expect(text.contains(" c sk_case_ d "))  // the bare prefix is no key
        // A key split by an escape sequence is joined by sanitising first, then redacted.
        #expect(!UntrustedText.line("sk_case_ab\u{1B}[0mcd").contains("abcd"))
        #expect(UntrustedText.lines("x sk_case_zz\ny").allSatisfy { !$0.contains("zz") })
    }
}
