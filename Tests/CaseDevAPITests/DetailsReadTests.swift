import CaseDevAPI
@testable import CaseDevEmulator
import Foundation
import Testing

/// Details read through a `LogsWanted` against the emulator (gzip on, as a real server would).
@Suite struct DetailsReadTests {
    @Test func aWholeReadHasTheSameLogsAsTheOrdinaryAnswerAndAPartReadOnlyTheEnd() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "x #ok #duration=1 #logs=3000"))
        _ = try await h.client.execRun(run.id)
        _ = try await h.waitUntilFinished(run.id)

        let details = try await h.client.runDetails(run.id)
        let whole = try await h.client.runDetails(run.id, logs: .whole)
        var stripped = details
        stripped.result?.logs = nil
        #expect(whole.details == stripped)
        let texts = try #require(details.result?.logs)
        #expect(whole.logs?.mapValues { String(decoding: $0.bytes, as: UTF8.self) } == texts)
        #expect(h.sent.all.filter { $0.route == "/agent/v1/run/:id/details" }.allSatisfy { $0.encoding == "gzip" })

        let runner = Array(try #require(texts["runner"]).utf8)
        let part = try await h.client.runDetails(run.id, logs: LogsWanted(from: ["runner": runner.count - 100], lastLines: 10))
        let end = try #require(part.logs?["runner"])
        #expect(end.bytes == Array(runner.suffix(100)) && end.start == runner.count - 100)
        // A stream not named is read from its start, its last lines only.
        let tail = try #require(try await h.client.runDetails(run.id, logs: LogsWanted(lastLines: 10)).logs?["runner"])
        let lines = try #require(texts["runner"]).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(tail.lineAligned && tail.linesBefore == lines.count - 10 && tail.end == runner.count)
        #expect(String(decoding: tail.bytes, as: UTF8.self) == lines.suffix(10).joined(separator: "\n"))

        let none = try await h.client.runDetails(run.id, logs: .none)
        #expect(none.logs == nil && none.details == stripped)
    }

    @Test func aMissingRunIsA404AndAnotherRunsAnswerIsRefused() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        await #expect(throws: CaseDevError.self) { _ = try await h.client.runDetails("run_nope", logs: .whole) }
        do { _ = try await h.client.runDetails("run_nope", logs: .whole) } catch let e as CaseDevError { #expect(e.status == 404) }
    }
}
