import CaseDevAPI
import Foundation
import RunUsage
import Synchronization
import Testing
@testable import casedash

@Suite struct UsageCommandTests {
    @Test func totalsFillTheCacheAndTheNextRunFetchesNothing() async throws {
        let h = try await Harness.start(demo: true, demoRuns: 60)
        defer { Task { await h.emulator.stop() } }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casedash-usage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try await h.run(["usage", "--json"], cacheDirectory: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let known = try #require(doc["known"] as? Int)
        #expect(known >= 50 && (doc["totals"] as? [String: Any])?["totalTokens"] as? Int ?? 0 > 0)
        #expect(h.requests.count("GET /agent/v1/run/:id/details") == known)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("casedash").path)
        #expect(files.contains { $0.hasPrefix("usage-127.0.0.1-") && $0.hasSuffix(".jsonl") }, "\(files)")

        h.requests.reset()
        let byModel = try await h.run(["usage", "--by", "model"], terminal: true, cacheDirectory: dir)
        // Only runs that ended since (the demo runs on at its speed meanwhile), never the cached ones again.
        let refetched = h.requests.count("GET /agent/v1/run/:id/details")
        #expect(refetched * 4 < known, "\(refetched) details fetched again of \(known) cached")
        #expect(byModel.stdout.hasPrefix("MODEL") && byModel.stdout.contains("total"), "\(byModel.stdout)")
        #expect(byModel.stderr.contains("usage known for"))
        let byDay = try await h.run(["usage", "--by", "day", "--jsonl"], cacheDirectory: dir)
        let day = try #require(try JSONSerialization.jsonObject(with: Data(byDay.stdout.utf8)) as? [String: Any])
        #expect((day["groups"] as? [[String: Any]])?.allSatisfy { ($0["key"] as? String)?.count == 10 } == true)
        let byAgent = try await h.run(["usage", "--by", "agent", "--since", "60d", "--agent", "Contract Reviewer"], cacheDirectory: dir)
        #expect(byAgent.status == 0 && byAgent.stdout.hasPrefix("Contract Reviewer\t"), "\(byAgent.stdout)")
        let bad = try await h.run(["usage", "--by", "week"])
        #expect(bad.status == ExitStatus.usage)
    }
}

@Suite struct UsageCacheTests {
    func record(_ i: Int, ended: Double? = nil) -> UsageRecord {
        UsageRecord(runId: "run_\(i)", agentId: "agent_\(i % 3)", status: .completed, model: "m\(i % 2)", inputTokens: i,
                    outputTokens: 1, totalTokens: i + 1, costMicros: 10, toolCalls: 1, durationMs: 1000,
                    createdAt: Date(timeIntervalSince1970: 1_000 + Double(i)), endedAt: Date(timeIntervalSince1970: ended ?? 2_000 + Double(i)))
    }

    func directory() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("casedash-cache-\(UUID().uuidString)") }

    @Test func recordsSurviveAndAreKeyedByEndpoint() throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try UsageCache(directory: dir, endpoint: "https://api.case.dev").add((0..<5).map { record($0) })
        #expect(UsageCache(directory: dir, endpoint: "https://api.case.dev").load().count == 5)
        #expect(UsageCache(directory: dir, endpoint: "http://127.0.0.1:8080").load().isEmpty)
        #expect(UsageCache(directory: dir, endpoint: "https://api.case.dev").load()["run_3"] == record(3))
    }

    @Test func aCorruptOrTruncatedFileIsRepairedNotFatal() throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = UsageCache(directory: dir, endpoint: "e")
        try cache.add([record(1), record(2)])
        // Garbage, a line cut off mid-write, binary junk.
        let handle = try FileHandle(forWritingTo: cache.fileURL)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("not json\n{\"id\":\"run_9\",\"agent\"".utf8) + Data([0xFF, 0x00, 0xFE]))
        try handle.close()
        let again = UsageCache(directory: dir, endpoint: "e")
        #expect(Set(again.load().keys) == ["run_1", "run_2"])
        try again.add([record(3)])
        let text = try String(contentsOf: cache.fileURL, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 3 && !text.contains("not json"), "rewritten from the good lines")
        #expect(Set(UsageCache(directory: dir, endpoint: "e").load().keys) == ["run_1", "run_2", "run_3"])

        try Data([0x00, 0x01, 0xFF]).write(to: cache.fileURL)
        #expect(UsageCache(directory: dir, endpoint: "e").load().isEmpty)
    }

    @Test func boundedTheOldestGoFirst() throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = UsageCache(directory: dir, endpoint: "e", limit: 10)
        for i in 0..<30 { try cache.add([record(i)]) }
        let kept = UsageCache(directory: dir, endpoint: "e", limit: 10).load()
        #expect(kept.count == 10)
        #expect(Set(kept.keys) == Set((20..<30).map { "run_\($0)" }))
        let lines = try String(contentsOf: cache.fileURL, encoding: .utf8).split(separator: "\n").count
        #expect(lines <= 12, "the file itself stays bounded: \(lines) lines")
    }

    @Test func writersAtOnceLoseNothing() async throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Separate instances open the file and lock separately, as two processes do.
        await withTaskGroup(of: Void.self) { group in
            for w in 0..<8 {
                group.addTask {
                    let cache = UsageCache(directory: dir, endpoint: "e", limit: 1_000)
                    for i in 0..<25 { try? cache.add([self.record(w * 100 + i)]) }
                }
            }
        }
        let all = UsageCache(directory: dir, endpoint: "e").load()
        #expect(all.count == 200)
        let text = try String(contentsOf: UsageCache(directory: dir, endpoint: "e").fileURL, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 200, "no line was torn or joined")
    }
}

@Suite struct UsageAggregatorTests {
    @Test func totalsAndGroups() {
        let runs = [
            RunSummary(id: "a", agentId: "x", status: .completed, prompt: "", createdAt: Date(timeIntervalSince1970: 0)),
            RunSummary(id: "b", agentId: "y", status: .failed, prompt: "", createdAt: Date(timeIntervalSince1970: 90_000)),
            RunSummary(id: "c", agentId: "x", status: .running, prompt: ""),
            RunSummary(id: "d", agentId: "x", status: .completed, prompt: ""),
        ]
        func rec(_ id: String, _ agent: String, _ model: String, _ tokens: Int, _ day: Double) -> UsageRecord {
            UsageRecord(runId: id, agentId: agent, status: .completed, model: model, inputTokens: tokens, outputTokens: 0,
                        totalTokens: tokens, costMicros: tokens, toolCalls: 1, durationMs: nil,
                        createdAt: Date(timeIntervalSince1970: day), endedAt: nil)
        }
        let records = ["a": rec("a", "x", "m1", 10, 0), "b": rec("b", "y", "m2", Int.max, 90_000)]
        let r = UsageAggregator(grouping: .agent).report(runs: runs) { records[$0] }
        #expect(r.runs == 4 && r.known == 2 && r.active == 1 && r.unknown == 1)
        #expect(r.total.totalTokens == Int.max, "saturates")
        #expect(r.groups.map(\.key) == ["y", "x"])
        let days = UsageAggregator(grouping: .day, timeZone: TimeZone(identifier: "UTC")!).report(runs: runs) { records[$0] }
        #expect(days.groups.map(\.key) == ["1970-01-01", "1970-01-02"])
    }

    @Test func recordOnlyOnceARunHasEnded() {
        let running = RunDetails(id: "r", agentId: "a", status: .running, prompt: "", usage: Usage(inputTokens: 5))
        #expect(UsageRecord(details: running) == nil)
        var done = running
        done.status = .completed
        done.usage = Usage(model: "m", inputTokens: -5, outputTokens: 7, toolCalls: 2,
                           summary: UsageSummary(costMicros: 30, totalInputTokens: nil, totalOutputTokens: nil, totalTokens: nil))
        let r = UsageRecord(details: done)
        #expect(r?.inputTokens == 0 && r?.outputTokens == 7 && r?.costMicros == 30 && r?.model == "m")
    }
}

@Suite struct UsageCollectorTests {
    @Test func atMostFourInFlight() async {
        let state = Mutex((now: 0, most: 0))
        let collector = UsageCollector { id in
            state.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            try? await Task.sleep(for: .milliseconds(5))
            state.withLock { $0.now -= 1 }
            return RunCost(details: RunDetails(id: id, agentId: "a", status: .completed, prompt: "", usage: Usage(inputTokens: 1)))
        }
        let done = Mutex(0)
        let result = await collector.collect((0..<40).map { "run_\($0)" }) { n, _ in done.withLock { $0 = n } }
        #expect(result.records.count == 40 && done.withLock { $0 } == 40)
        #expect(state.withLock { $0.most } == 4)
    }

    @Test func stopsWhenTheServerPushesBack() async {
        let collector = UsageCollector { _ in throw CaseDevError(kind: .http(status: 429), message: "slow down") }
        let result = await collector.collect((0..<40).map { "run_\($0)" })
        #expect(result.failures.count <= 4, "no new request after a 429")
    }
}
