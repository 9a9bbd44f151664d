@testable import CaseDevAPI
import Foundation
import Testing

/// Invalid UTF-8 inside one name or prompt showed "Agents (0)" and "no runs yet" under "live":
/// the bytes become U+FFFD and the rest of the list stands; an answer that cannot be read at
/// all is an error, never an empty list.
@Suite struct InvalidUTF8Tests {
    static func body(_ parts: [Any]) -> [UInt8] {
        parts.flatMap { part -> [UInt8] in (part as? [UInt8]) ?? Array((part as! String).utf8) }
    }

    static let runs = body([#"{"runs":[{"id":"run_1","agentId":"agent_1","status":"running","prompt":"bad "#,
                            [0xFF, 0xC3] as [UInt8], #" here"},{"id":"run_2","agentId":"agent_1","status":"queued","prompt":"fine"}],"#,
                            #""hasMore":false}"#])
    static let agents = body([#"{"agents":[{"id":"agent_1","name":"Rev"#, [0xED, 0xA0, 0x80] as [UInt8],
                              #"iewer"},{"id":"agent_2","name":"Other"}],"hasMore":false}"#])

    @Test func invalidBytesInAListBecomeReplacementCharacters() async throws {
        let server = try await FixtureServer.start { request, _ in
            FixtureServer.bytes(request.uri.path.hasSuffix("/agents") ? Self.agents : Self.runs)
        }
        defer { Task { await server.stop() } }
        let page = try await server.client().listRuns()
        #expect(page.runs.map(\.id) == ["run_1", "run_2"])
        #expect(page.runs.first?.prompt.hasPrefix("bad \u{FFFD}") == true && page.runs.first?.prompt.hasSuffix(" here") == true)
        let agents = try await server.client().listAgents()
        #expect(agents.agents.map(\.id) == ["agent_1", "agent_2"])
        #expect(agents.agents.first.map { $0.name.hasPrefix("Rev\u{FFFD}") && $0.name.hasSuffix("iewer") } == true)
    }

    @Test func anUnreadableListIsAnErrorNotAnEmptyList() async throws {
        let bodies: [[UInt8]] = [[0xFF, 0xFE, 0x00, 0x7B], Array("{\"hasMore\":false}".utf8), Array("{\"runs\":\"none\"}".utf8),
                                 Array("[]".utf8), Array("{\"runs\":[{\"id\":\"run_1\"".utf8)]
        for body in bodies {
            let server = try await FixtureServer.start { _, _ in FixtureServer.bytes(body) }
            let e = await caseDevFailure { _ = try await server.client().listRuns() }
            #expect(e?.kind == .invalidResponse, "\(String(decoding: body, as: UTF8.self))")
            let a = await caseDevFailure { _ = try await server.client().listAgents() }
            #expect(a?.kind == .invalidResponse)
            await server.stop()
        }
    }

    @Test func errorBodiesWithInvalidBytesKeepTheirMessage() {
        let data = Data(Self.body([#"{"error":{"message":"no "#, [0xFF] as [UInt8], #" way","code":"x"}}"#]))
        let e = CaseDevClient.httpError(status: 400, headers: [:], body: data)
        #expect(e.message == "no \u{FFFD} way" && e.code == "x")
    }
}
