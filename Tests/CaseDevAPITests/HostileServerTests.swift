import CaseDevAPI
import CaseDevEmulator
import Foundation
import Testing

/// `casedash emulator --hostile` answers every route the client uses with hostile bodies; the
/// client reads what is readable, keeps the hostile text for the sanitiser, and turns what is
/// not into errors, never a trap.
@Suite struct HostileServerTests {
    static func start(saneNumbers: Bool) async throws -> (Emulator, CaseDevClient) {
        let emulator = Emulator(options: EmulatorOptions(hostile: true, hostileSaneNumbers: saneNumbers))
        let url = try await emulator.start()
        let client = CaseDevClient(configuration: ClientConfiguration(
            baseURL: url, apiKey: APIKey("sk_case_test"), requestTimeout: 20,
            retry: RetryPolicy(maxRetries: 0, baseDelay: 0.01, maxDelay: 0.01)))
        return (emulator, client)
    }

    @Test(arguments: [false, true])
    func everyReadRouteIsReadOrRefusedWithAnError(saneNumbers: Bool) async throws {
        let (emulator, client) = try await Self.start(saneNumbers: saneNumbers)
        defer { Task { await emulator.stop() } }

        let agents = try await client.listAgents()
        #expect(agents.agents.count == 4, "the four objects are agents; null, a string, a number and a list are dropped")
        let longest = agents.agents.map(\.name.count).max() ?? 0
        let raw = agents.agents.filter { $0.name.contains("\u{1B}]0;") }.count
        #expect(longest >= 200_000)
        #expect(raw >= 1, "text is kept raw for the sanitiser to judge")

        let page = try await client.listRuns()
        #expect(page.runs.count == 12)
        #expect(page.hasMore && page.nextCursor == "page2")
        await #expect(throws: CaseDevError.self, "the second page is cut off") {
            try await client.listRuns(cursor: "page2")
        }

        for run in page.runs where run.id.hasPrefix("run_h") && run.id != "run_h11future" {
            if run.id == "run_h5truncated" || run.id == "run_h6wrongtype" {
                await #expect(throws: CaseDevError.self) { try await client.runDetails(run.id) }
            } else {
                let details = try await client.runDetails(run.id)
                let streams = details.result?.logs?.count ?? 0
                #expect(details.id == run.id)
                #expect(streams >= 2, "\(run.id): the text streams are read, the null and the number dropped")
            }
        }
        let mega = try await client.runDetails("run_h3megaline")
        let runtimeBytes = mega.result?.logs?["runtime"]?.utf8.count ?? 0
        #expect(runtimeBytes > 1 << 20)
    }

    @Test func writesAnswerWithHostileErrorBodies() async throws {
        let (emulator, client) = try await Self.start(saneNumbers: true)
        defer { Task { await emulator.stop() } }
        await #expect(throws: CaseDevError.self) { try await client.execRun("run_h4longname") }
        do {
            _ = try await client.cancelRun("run_h0escapes")
            Issue.record("cancel should fail")
        } catch let error as CaseDevError {
            #expect(error.kind == .http(status: 500))
            #expect(error.message.contains("Internal"), "a non-JSON body still gives its text")
        }
        await #expect(throws: CaseDevError.self) { try await client.execute(ExecuteRequest(prompt: "x")) }
        let created = try await client.createRun(CreateRunRequest(agentId: "agent_hostile_esc", prompt: "p"))
        let hostileId = created.id.contains("\u{1B}]0;")
        #expect(hostileId)
    }
}
