import CaseDevAPI
@testable import CaseDevEmulator
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

@Suite struct CompressionTests {
    /// A finished run whose details carry a few thousand log lines.
    private func bigRun(_ h: Harness) async throws -> String {
        let a = try await h.agent()
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "x #ok #duration=1 #logs=3000"))
        _ = try await h.client.execRun(run.id)
        _ = try await h.waitUntilFinished(run.id)
        return run.id
    }

    private func raw(_ h: Harness, _ path: String, acceptEncoding: String) async throws -> (Data, HTTPURLResponse) {
        var r = URLRequest(url: h.client.configuration.baseURL.appendingPathComponent(path))
        r.setValue("Bearer sk_case_raw", forHTTPHeaderField: "Authorization")
        r.setValue(acceptEncoding, forHTTPHeaderField: "Accept-Encoding")
        let (data, response) = try await URLSession.shared.cancellableData(for: r)
        return (data, response as! HTTPURLResponse)
    }

    private func sent(_ h: Harness, _ route: String) -> [SentResponse] { h.sent.all.filter { $0.route == route } }

    @Test func theClientReadsACompressedDetailsBodyThatCostFarLessThanItsJSON() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let id = try await bigRun(h)
        let details = try await h.client.runDetails(id)
        let runner = details.result?.logs?["runner"] ?? ""
        #expect(details.status == .completed && runner.split(separator: "\n").count >= 3000)

        let (plain, response) = try await raw(h, "agent/v1/run/\(id)/details", acceptEncoding: "identity")
        #expect(response.value(forHTTPHeaderField: "Content-Encoding") == nil)
        #expect(try JSONDecoder.caseDev.decode(RunDetails.self, from: plain) == details)

        let answers = sent(h, "/agent/v1/run/:id/details")
        #expect(answers.count == 2)
        let compressed = try #require(answers.first)
        let identity = try #require(answers.last)
        #expect(compressed.encoding == "gzip" && identity.encoding == nil)
        #expect(identity.bodyBytes == plain.count)
        // Log lines repeat their shape: gzip keeps well under a third of the JSON.
        #expect(compressed.bodyBytes * 3 < plain.count)
    }

    @Test func deflateIsSentWhenOnlyItIsAcceptedAndIsTheZlibFormat() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let id = try await bigRun(h)
        let (data, response) = try await raw(h, "agent/v1/run/\(id)/details", acceptEncoding: "gzip;q=0, deflate")
        #expect(response.value(forHTTPHeaderField: "Vary") == "Accept-Encoding")
        #expect(sent(h, "/agent/v1/run/:id/details").map(\.encoding) == ["deflate"])
        // The client (AsyncHTTPClient's decompressor) decodes it.
        #expect(try JSONDecoder.caseDev.decode(RunDetails.self, from: data).id == id)
    }

    @Test func smallBodiesAreNeverCompressed() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let id = try await bigRun(h)
        let (_, status) = try await raw(h, "agent/v1/run/\(id)/status", acceptEncoding: "gzip")
        #expect(status.value(forHTTPHeaderField: "Vary") == "Accept-Encoding")
        let statusSent = try #require(sent(h, "/agent/v1/run/:id/status").last)
        #expect(statusSent.encoding == nil && statusSent.bodyBytes < ResponseCompression.minimumBytes)
    }

    @Test func theEventStreamIsCompressedWholeAndDecodedByTheClient() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let id = try await bigRun(h)
        let (stream, events) = try await raw(h, "agent/v1/run/\(id)/events", acceptEncoding: "gzip, deflate")
        #expect(events.value(forHTTPHeaderField: "Content-Type") == "text/event-stream")
        #expect(events.value(forHTTPHeaderField: "Content-Encoding") == "gzip")
        let text = String(decoding: stream, as: UTF8.self)
        #expect(text.contains("event: done") && text.components(separatedBy: "event: log").count > 3_000)
        let eventsSent = try #require(sent(h, "/agent/v1/run/:id/events").last)
        #expect(eventsSent.encoding == "gzip" && eventsSent.bodyBytes * 4 < stream.count)
    }

    /// A sync flush after each write: a stream that never ends still delivers every event so far.
    @Test func compressedEventsOfARunThatNeverEndsArriveWithoutWaiting() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "x #hang"))
        _ = try await h.client.execRun(run.id)
        var logs = 0
        for try await event in h.client.runEvents(id: run.id) where event.type == "log" {
            logs += 1
            if logs == 3 { break }
        }
        #expect(logs == 3)
        // The stream was compressed: the emulator records it once it sees the client gone.
        for _ in 0..<100 where sent(h, "/agent/v1/run/:id/events").isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        #expect(sent(h, "/agent/v1/run/:id/events").map(\.encoding) == ["gzip"])
    }

    @Test func compressionOffSendsTheJSONAsItIs() async throws {
        let h = try await Harness.start(compression: false)
        defer { Task { await h.emulator.stop() } }
        let id = try await bigRun(h)
        let (data, response) = try await raw(h, "agent/v1/run/\(id)/details", acceptEncoding: "gzip, deflate")
        #expect(response.value(forHTTPHeaderField: "Content-Encoding") == nil)
        let answer = try #require(sent(h, "/agent/v1/run/:id/details").last)
        #expect(answer.encoding == nil && answer.bodyBytes == data.count)
        #expect(h.emulator.wire.bodyBytes >= data.count)
    }

    @Test func acceptEncodingNegotiationHonoursWeightsAndWildcards() {
        let n = ResponseCompression.negotiate
        #expect(n(["deflate, gzip, br, zstd"]) == .gzip)
        #expect(n(["deflate"]) == .deflate)
        #expect(n(["gzip;q=0.5", "deflate;q=0.8"]) == .deflate)
        #expect(n(["GZIP"]) == .gzip)
        #expect(n(["br, zstd"]) == nil)
        #expect(n(["identity"]) == nil)
        #expect(n(["*"]) == .gzip)
        #expect(n(["gzip;q=0, *;q=0"]) == nil)
        #expect(n([]) == nil)
    }
}

@Suite struct MissingEventsEndpointTests {
    @Test func withoutEventsTheEndpointAnswers404AndDetailsStillWork() async throws {
        let h = try await Harness.start(events: false)
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent()
        let run = try await h.client.createRun(CreateRunRequest(agentId: a.id, prompt: "x #ok #duration=1"))
        _ = try await h.client.execRun(run.id)
        do {
            for try await _ in h.client.runEvents(id: run.id) {}
            Issue.record("expected a 404")
        } catch let e as CaseDevError {
            #expect(e.status == 404 && e.code == "route_not_found")
        }
        _ = try await h.waitUntilFinished(run.id)
        #expect(try await h.client.runDetails(run.id).status == .completed)
    }
}
