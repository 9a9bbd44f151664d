import CaseDevAPI
import CaseDevEmulator
@testable import casedash
import DashCore
import Foundation
import Logging
import Testing

/// A context switch is live: what the old context still sends is never applied to the new one.
@Suite struct ContextSwitchTests {
    @Test func lateAnswersOfTheOldContextAreDropped() async throws {
        // The old context answers slowly; the new one at once.
        let slow = Emulator(options: EmulatorOptions(seed: 1, demoData: true, latencyMs: 400))
        let fast = Emulator(options: EmulatorOptions(seed: 2, demoData: true))
        let slowURL = try await slow.start(), fastURL = try await fast.start()
        defer { Task { await slow.stop(); await fast.stop() } }
        let inbox = ContextInbox()
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let query = RunQuery(agentId: nil, status: nil, limit: 5)
        let old = inbox.runner(ClientConfiguration(baseURL: slowURL, apiKey: APIKey("sk_case_old_context")), logger: logger, usageCache: nil)
        old.perform(.fetchRuns(query))
        inbox.advance()
        let new = inbox.runner(ClientConfiguration(baseURL: fastURL, apiKey: APIKey("sk_case_new_context")), logger: logger, usageCache: nil)
        let expected = try await CaseDevClient(configuration: ClientConfiguration(baseURL: fastURL, apiKey: APIKey("sk_case_x")))
            .listRuns(limit: 5).runs.map(\.id)
        new.perform(.fetchRuns(query))
        try await Task.sleep(for: .milliseconds(900))  // long enough for the slow answer to arrive too
        // A last answer of the new context marks the end of what to read.
        new.perform(.saveLog(path: FileManager.default.temporaryDirectory.appendingPathComponent("ctx-\(UUID()).log").path,
                             lines: ["end"], dropped: 0))
        var received: [[String]] = []
        for await event in inbox.events {
            if case .runsLoaded(let page, _, _) = event { received.append(page.runs.map(\.id)) }
            if case .logSaved = event { break }
        }
        #expect(received == [expected])
    }
}
