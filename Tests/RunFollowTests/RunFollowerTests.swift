import CaseDevAPI
import Foundation
@testable import RunFollow
import Testing

@Suite struct RunFollowerTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func details(_ status: RunStatus, logs: [String: String]) -> RunDetails {
        RunDetails(id: "run_1", agentId: "agent_1", status: status, prompt: "p", result: RunResult(logs: logs), createdAt: t0)
    }

    static func log(_ id: Int, _ stream: String, _ line: String) -> RunEvent {
        RunEvent(id: id, event: "log", data: .object(["type": .string("log"), "stream": .string(stream), "line": .string(line)]))
    }

    static func status(_ id: Int, _ status: String, done: Bool = false) -> RunEvent {
        RunEvent(id: id, event: done ? "done" : "status", data: .object(["type": .string(done ? "done" : "status"), "status": .string(status)]))
    }

    func lines(_ f: RunFollower, _ stream: String) -> [String] { f.logs.streams[stream]?.lines.map(\.text) ?? [] }

    @Test func liveLinesThenTheFinalDetailsShowEachLineOnce() {
        var f = RunFollower(runId: "run_1", maxLines: 100)
        _ = f.step(.streamOpened(at: Self.t0))
        #expect(f.mode == .connecting)
        let u = f.step(.events([Self.status(1, "running"), Self.log(2, "runner", "r1"), Self.log(3, "linc", "l1"),
                                Self.log(4, "runner", "r2")], at: Self.t0))
        #expect(f.mode == .live && u.status == .running && u.logs.merged == 3)
        #expect(f.lastEventId == 4)
        // While live, details are fetched at most every 10 s, and their (older) logs change nothing.
        #expect(f.detailsDue(interval: 2) == .distantPast)
        _ = f.step(.details(Self.details(.running, logs: ["runner": "r1"]), at: Self.t0))
        #expect(f.detailsDue(interval: 2) == Self.t0.addingTimeInterval(RunFollower.liveDetailsInterval))
        #expect(lines(f, "runner") == ["r1", "r2"])
        // The run ends; the final details carry a line no event did.
        _ = f.step(.events([Self.log(5, "runner", "r3"), Self.status(6, "completed", done: true)], at: Self.t0))
        _ = f.step(.streamClosed(nil, at: Self.t0))
        #expect(!f.wantsStream(now: Self.t0) && f.detailsDue(interval: 2) == .distantPast)
        _ = f.step(.details(Self.details(.completed, logs: ["runner": "r1\nr2\nr3\nrun completed", "linc": "l1"]), at: Self.t0))
        #expect(lines(f, "runner") == ["r1", "r2", "r3", "run completed"])
        #expect(lines(f, "linc") == ["l1"])
        #expect(f.logs.merged.lines.count == 5)
        #expect(f.detailsDue(interval: 2) == nil)
    }

    /// A run read in its first second has an empty stream ("linc": ""): no blank line, and the
    /// stream's first line from the events is kept (a new-user tour saw it dropped and a blank
    /// row in its place). A text ending in a newline does not hide the next line either.
    @Test func anEmptyStreamOrATrailingNewlineDoesNotSwallowTheNextEventLine() {
        var f = RunFollower(runId: "run_1", maxLines: 100)
        _ = f.step(.details(Self.details(.running, logs: ["runner": "r1", "linc": ""]), at: Self.t0))
        #expect(lines(f, "linc") == [])
        #expect(f.logs.merged.lines.map(\.text) == ["r1"])
        _ = f.step(.streamOpened(at: Self.t0))
        _ = f.step(.events([Self.log(1, "runner", "r1"), Self.log(2, "linc", "l1"), Self.log(3, "linc", "l2")], at: Self.t0))
        #expect(lines(f, "linc") == ["l1", "l2"])
        #expect(lines(f, "runner") == ["r1"])

        var g = RunFollower(runId: "run_1", maxLines: 100)
        _ = g.step(.details(Self.details(.running, logs: ["runner": "r1\n"]), at: Self.t0))
        _ = g.step(.streamOpened(at: Self.t0))
        _ = g.step(.events([Self.log(1, "runner", "r1"), Self.log(2, "runner", "r2")], at: Self.t0))
        #expect(lines(g, "runner") == ["r1", "r2"])
        // The final details agree: nothing repeats.
        _ = g.step(.details(Self.details(.completed, logs: ["runner": "r1\nr2"]), at: Self.t0))
        #expect(lines(g, "runner") == ["r1", "r2"])
    }

    /// A stream opened after details were polled (or resumed after a drop from the start)
    /// replays lines already shown: they are skipped.
    @Test func aReplayFromTheStartSkipsLinesAlreadyShown() {
        var f = RunFollower(runId: "run_1", maxLines: 100)
        _ = f.step(.details(Self.details(.running, logs: ["runner": "r1\nr2"]), at: Self.t0))
        _ = f.step(.streamOpened(at: Self.t0))
        let u = f.step(.events([Self.log(1, "runner", "r1"), Self.log(2, "runner", "r2"), Self.log(3, "runner", "r3")], at: Self.t0))
        #expect(lines(f, "runner") == ["r1", "r2", "r3"])
        #expect(u.logs.appended(in: "runner") == 1)
        // A drop; the stream resumes after the last id (the client does this), nothing repeats.
        _ = f.step(.streamClosed(CaseDevError(kind: .network, message: "connection reset"), at: Self.t0))
        #expect(f.mode == .polling && !f.wantsStream(now: Self.t0) && f.wantsStream(now: Self.t0.addingTimeInterval(3)))
        _ = f.step(.streamOpened(at: Self.t0.addingTimeInterval(3)))
        _ = f.step(.events([Self.log(4, "runner", "r4")], at: Self.t0))
        #expect(lines(f, "runner") == ["r1", "r2", "r3", "r4"])
        // Falling back to polling: the details extend what the events brought.
        _ = f.step(.details(Self.details(.running, logs: ["runner": "r1\nr2\nr3\nr4\nr5"]), at: Self.t0))
        #expect(lines(f, "runner") == ["r1", "r2", "r3", "r4", "r5"])
    }

    @Test func noEventStreamMeansPollingForThatRun() {
        for status in [404, 405, 501] {
            var f = RunFollower(runId: "run_1", maxLines: 100)
            _ = f.step(.streamOpened(at: Self.t0))
            _ = f.step(.streamClosed(CaseDevError(kind: .http(status: status), message: "no"), at: Self.t0))
            #expect(f.streamRefused && f.mode == .polling && !f.wantsStream(now: Self.t0.addingTimeInterval(100)))
            _ = f.step(.details(Self.details(.running, logs: ["runner": "r1"]), at: Self.t0))
            #expect(f.detailsDue(interval: 2) == Self.t0.addingTimeInterval(2))
        }
        var json = RunFollower(runId: "run_1", maxLines: 100)
        _ = json.step(.streamClosed(CaseDevError(kind: .invalidResponse, message: "not an event stream"), at: Self.t0))
        #expect(json.streamRefused)
    }

    @Test func aStreamOfOnlyHeartbeatsIsGivenUpAfterTwoIntervals() {
        var f = RunFollower(runId: "run_1", maxLines: 100)
        _ = f.step(.details(Self.details(.running, logs: ["runner": "r1"]), at: Self.t0))
        _ = f.step(.streamOpened(at: Self.t0))
        let beat = RunEvent(id: nil, event: "heartbeat", data: .object(["type": .string("heartbeat")]))
        _ = f.step(.events([beat], at: Self.t0.addingTimeInterval(1)))
        #expect(f.mode == .live)
        let early = f.checkQuiet(now: Self.t0.addingTimeInterval(3), interval: 2)
        #expect(!early)
        _ = f.step(.events([beat, RunEvent(id: 9, event: "mystery", data: .object([:]))], at: Self.t0.addingTimeInterval(4)))
        let late = f.checkQuiet(now: Self.t0.addingTimeInterval(4.5), interval: 2)
        #expect(late)
        #expect(f.mode == .polling && f.streamRefused)
        #expect(lines(f, "runner") == ["r1"])
    }

    @Test func repeatedDropsFallBackToPolling() {
        var f = RunFollower(runId: "run_1", maxLines: 100)
        for i in 0..<RunFollower.maxStreamFailures {
            #expect(f.wantsStream(now: Self.t0.addingTimeInterval(Double(i) * 100)))
            _ = f.step(.streamOpened(at: Self.t0))
            _ = f.step(.streamClosed(CaseDevError(kind: .connectionRefused, message: "refused"), at: Self.t0.addingTimeInterval(Double(i) * 100)))
        }
        #expect(f.streamRefused)
    }

    @Test func statusesOnlyMoveForward() {
        var f = RunFollower(runId: "run_1", maxLines: 100)
        _ = f.step(.events([Self.status(1, "completed", done: true)], at: Self.t0))
        _ = f.step(.details(Self.details(.running, logs: [:]), at: Self.t0))
        #expect(f.status == .completed)
    }
}

@Suite struct QueuedRunStreamTests {
    /// No stream while the run is known to be queued (URLSession spins on a stream with no body
    /// yet); one as soon as it is known to run, whether from its details or the list.
    @Test func aQueuedRunIsPolledAndStreamedOnceItStarts() {
        let t0 = RunFollowerTests.t0
        var f = RunFollower(runId: "run_1", maxLines: 100)
        #expect(f.wantsStream(now: t0))  // not known yet: the stream may say
        _ = f.step(.details(RunFollowerTests.details(.queued, logs: [:]), at: t0))
        #expect(!f.wantsStream(now: t0) && f.detailsDue(interval: 2) == t0.addingTimeInterval(2))
        _ = f.step(.listed(.running, at: t0.addingTimeInterval(3)))
        #expect(f.wantsStream(now: t0.addingTimeInterval(3)))
    }
}

@Suite struct QuietStreamTests {
    /// A stream opened on a queued run hears nothing until the run starts: that is not quiet.
    @Test func aQueuedRunIsNotGivenUpAndTwoIntervalsCountFromTheStart() {
        let t0 = RunFollowerTests.t0
        var f = RunFollower(runId: "run_1", maxLines: 100)
        _ = f.step(.details(RunFollowerTests.details(.queued, logs: [:]), at: t0))
        _ = f.step(.streamOpened(at: t0))
        var quiet = f.checkQuiet(now: t0.addingTimeInterval(30), interval: 2)
        #expect(!quiet && f.mode == .connecting)
        _ = f.step(.listed(.running, at: t0.addingTimeInterval(40)))
        quiet = f.checkQuiet(now: t0.addingTimeInterval(43), interval: 2)
        #expect(!quiet)
        quiet = f.checkQuiet(now: t0.addingTimeInterval(44.5), interval: 2)
        #expect(quiet && f.mode == .polling)
    }
}

@Suite struct LiveUsageTests {
    @Test func usageEventsKeepTheTokensCurrentBetweenDetails() {
        var f = RunFollower(runId: "run_1", maxLines: 100)
        _ = f.step(.details(RunFollowerTests.details(.running, logs: [:]), at: RunFollowerTests.t0))
        let usage = RunEvent(id: 3, event: "usage", data: .object(["type": .string("usage"), "usage": .object([
            "inputTokens": .number(900), "outputTokens": .number(100), "totalTokens": .number(1_000), "costMicros": .number(4_200),
        ])]))
        _ = f.step(.events([usage], at: RunFollowerTests.t0))
        #expect(f.details?.usage?.totalTokens == 1_000 && f.details?.usage?.summary?.costMicros == 4_200)
    }

    @Test func usageEventsAppendTheirCallOnceForTheWaterfall() {
        var f = RunFollower(runId: "run_1", maxLines: 100)
        _ = f.step(.details(RunFollowerTests.details(.running, logs: [:]), at: RunFollowerTests.t0))
        let entry: JSONValue = .object(["id": .string("use_1"), "kind": .string("llm"), "costMicros": .number(16_374),
                                        "model": .string("anthropic/claude-sonnet-4.6"),
                                        "timestamp": .string("2026-11-24T07:53:16.631Z")])
        let usage = RunEvent(id: 4, event: "usage", data: .object(["type": .string("usage"), "entry": entry, "usage": .object([
            "inputTokens": .number(3_188), "outputTokens": .number(454), "totalTokens": .number(3_642),
            "costMicros": .number(16_374), "toolCalls": .number(2),
        ])]))
        _ = f.step(.events([usage], at: RunFollowerTests.t0))
        _ = f.step(.events([usage], at: RunFollowerTests.t0))  // a replay after a reconnect
        #expect(f.details?.usage?.entries?.map(\.id) == ["use_1"])
        #expect(f.details?.usage?.entries?.first?.costMicros == 16_374)
        #expect(f.details?.usage?.toolCalls == 2)
    }
}

/// A follower that reads only the new part of the logs each time ends with exactly the lines of
/// one that read the whole text each time, and a rewrite seen in a partial read asks for the
/// whole text next.
@Suite struct PartialReadTests {
    static func read(_ text: [String: String], wanted: LogsWanted, status: RunStatus) -> DetailsRead {
        var logs: [String: LogText] = [:]
        for (stream, t) in text {
            let bytes = Array(t.utf8)
            let from = min(wanted.from[stream] ?? 0, bytes.count)
            logs[stream] = LogText(start: from, linesBefore: bytes[..<from].filter { $0 == 0x0A }.count,
                                   lineAligned: from == 0 || bytes[from - 1] == 0x0A, bytes: Array(bytes[from...]))
        }
        return DetailsRead(details: RunFollowerTests.details(status, logs: [:]), logs: logs)
    }

    @Test func partReadsEndWithTheSameLinesAsWholeReads() {
        var partial = RunFollower(runId: "run_1", maxLines: 50)
        var whole = RunFollower(runId: "run_1", maxLines: 50)
        var runner = "", linc = ""
        for round in 0..<40 {
            for i in 0..<(round % 7) { runner += (runner.isEmpty ? "" : "\n") + "2026-11-18T10:00:\(String(format: "%02d", round))Z r\(round)-\(i)" }
            if round % 3 == 0 { linc += (linc.isEmpty ? "" : "\n") + "l\(round)" }
            if round % 5 == 0 { runner += " grown" }  // the last line still being written
            let texts = ["runner": runner, "linc": linc].filter { !$0.value.isEmpty }
            let status: RunStatus = round == 39 ? .completed : .running
            let a = partial.step(.read(Self.read(texts, wanted: partial.logsWanted, status: status), at: RunFollowerTests.t0))
            let b = whole.step(.details(RunFollowerTests.details(status, logs: texts), at: RunFollowerTests.t0))
            #expect(a.logs == b.logs, "round \(round)")
            #expect(partial.logs == whole.logs, "round \(round)")
        }
        #expect(partial.logs.streams["runner"]?.dropped ?? 0 > 0)
        #expect(partial.logs.merged.lines.map(\.text) == whole.logs.merged.lines.map(\.text))
    }

    @Test func aRewriteSeenInAPartReadAsksForTheWholeTextNext() {
        var f = RunFollower(runId: "run_1", maxLines: 100)
        let first = (1...200).map { "line \($0)" }.joined(separator: "\n")
        _ = f.step(.read(Self.read(["runner": first], wanted: f.logsWanted, status: .running), at: RunFollowerTests.t0))
        #expect(f.logs.streams["runner"]?.dropped == 100 && f.logsWanted.from["runner"] ?? 0 > 0)
        let rewritten = (1...250).map { "other \($0)" }.joined(separator: "\n")
        let u = f.step(.read(Self.read(["runner": rewritten], wanted: f.logsWanted, status: .running), at: RunFollowerTests.t0))
        #expect(u.logs.streams["runner"] == .unchanged && f.logsWanted.from["runner"] == 0)
        #expect(f.detailsDue(interval: 2) != nil)
        _ = f.step(.read(Self.read(["runner": rewritten], wanted: f.logsWanted, status: .running), at: RunFollowerTests.t0))
        #expect(f.logs.streams["runner"]?.lines.last?.text == "other 250" && f.logs.streams["runner"]?.totalLines == 250)
        #expect(f.logsWanted.from["runner"] ?? 0 > 0)
    }

    @Test func aFinishedRunReadForItsCostIsReadAgainForItsLogs() {
        var f = RunFollower(runId: "run_1", maxLines: 100)
        _ = f.step(.read(DetailsRead(details: RunFollowerTests.details(.completed, logs: [:]), logs: nil), at: RunFollowerTests.t0))
        #expect(f.final && f.logs.isEmpty && f.detailsDue(interval: 2) == .distantPast)
        _ = f.step(.read(Self.read(["runner": "a\nb"], wanted: f.logsWanted, status: .completed), at: RunFollowerTests.t0))
        #expect(f.detailsDue(interval: 2) == nil && f.logs.streams["runner"]?.totalLines == 2)
    }
}
