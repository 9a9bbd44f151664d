import CaseDevAPI
@testable import DashCore
import Foundation
import RunFollow
import RunUsage
import Testing

/// The selected run's logs: the events stream while it works, polling when it does not, the
/// merged view, regex search and the filtered view.
@Suite struct LiveLogTests {
    static func log(_ id: Int, _ stream: String, _ line: String) -> RunEvent {
        RunEvent(id: id, event: "log", data: .object(["type": .string("log"), "stream": .string(stream), "line": .string(line)]))
    }

    /// The running run 11 selected, with its stream opened; returns the stream's token.
    func streaming(_ s: inout DashState) -> Int? {
        for r in Fixtures.runs where r.status.isTerminal { s.store.usage[r.id] = Usage() }  // no token back-fill here
        s.poll.inFlight = []
        let fx = Dash.update(&s, .key(.down))
        for case .followEvents(let runId, let after, let token) in fx where runId == "run_0011abcdefgh" && after == nil { return token }
        return nil
    }

    @Test func theSelectedRunningRunIsFollowedLiveAndDetailsComeEveryTenSeconds() {
        var s = Fixtures.state()
        guard let token = streaming(&s) else { Issue.record("no stream opened"); return }
        #expect(s.poll.stream?.runId == "run_0011abcdefgh")
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: [:]), at: Fixtures.t0))
        _ = Dash.update(&s, .runEvents(token: token, runId: "run_0011abcdefgh",
                                       [Self.log(1, "runner", "2026-11-18T10:00:01Z r1"), Self.log(2, "linc", "2026-11-18T10:00:02Z l1")],
                                       at: Fixtures.t0))
        #expect(s.selectedFollower?.mode == .live)
        #expect(s.detail.log.source == .all)
        let text = DashView.render(s).text()
        #expect(text.contains("runner 2026-11-18T10:00:01Z r1") && text.contains("linc   2026-11-18T10:00:02Z l1"))
        #expect(text.contains("All 2 · runner 1 · linc 1") && text.contains("live"))
        // Details are not polled every interval while live, only every liveDetailsInterval.
        var id = 3
        var fetchedAt: [Double] = []
        for t in stride(from: 1.0, through: RunFollower.liveDetailsInterval + 1, by: 1) {
            let fx = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(t)))
            if fx.fetchesDetails(of: "run_0011abcdefgh") { fetchedAt.append(t) }
            if t.truncatingRemainder(dividingBy: 3) == 0 {
                _ = Dash.update(&s, .runEvents(token: token, runId: "run_0011abcdefgh", [Self.log(id, "runner", "r\(id)")],
                                               at: Fixtures.t0.addingTimeInterval(t)))
                id += 1
            }
        }
        #expect(fetchedAt == [RunFollower.liveDetailsInterval])
        // Selecting another run closes the stream; late events of it are ignored.
        let fx = Dash.update(&s, .key(.down))
        #expect(fx.contains(.stopFollowing(token: token)))
        let lines = s.store.followers["run_0011abcdefgh"]?.logs.streams["runner"]?.totalLines
        _ = Dash.update(&s, .runEvents(token: token, runId: "run_0011abcdefgh", [Self.log(99, "runner", "late")], at: Fixtures.t0))
        #expect(s.store.followers["run_0011abcdefgh"]?.logs.streams["runner"]?.totalLines == lines)
    }

    /// The totals are computed before a frame and kept while what they read is unchanged, not
    /// recomputed per answer or per frame: a live run's usage event must still move them.
    @Test func aLiveUsageEventMovesTheTotalsAtOnce() {
        var s = Fixtures.state()
        guard let token = streaming(&s) else { Issue.record("no stream opened"); return }
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: [:], tokens: 1_000), at: Fixtures.t0))
        let before = s.currentUsageTotals.tokens
        let usage = RunEvent(id: 9, event: "usage", data: .object(["type": .string("usage"), "usage": .object([
            "inputTokens": .number(400_000), "outputTokens": .number(100_000), "totalTokens": .number(500_000),
        ])]))
        _ = Dash.update(&s, .runEvents(token: token, runId: "run_0011abcdefgh", [usage], at: Fixtures.t0))
        #expect(s.currentUsageTotals.tokens == before - 1_000 + 500_000)
        #expect(s.usageTotals?.inputs != UsageTotals.inputs(s))  // updates leave them to the frame
        Dash.prepareFrame(&s)
        #expect(s.usageTotals?.inputs == UsageTotals.inputs(s))  // kept for the frames that follow
        #expect(s.currentUsageTotals.tokens == before - 1_000 + 500_000)
    }

    @Test func anEventsEndpointThatIsMissingFallsBackToPollingSilently() {
        var s = Fixtures.state()
        guard let token = streaming(&s) else { Issue.record("no stream opened"); return }
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: ["runner": "a"]), at: Fixtures.t0))
        _ = Dash.update(&s, .eventsClosed(token: token, runId: "run_0011abcdefgh",
                                          CaseDevError(kind: .http(status: 404), message: "Not found"), at: Fixtures.t0))
        #expect(s.poll.stream == nil && s.flash == nil)
        var fx = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(2)))
        #expect(fx.fetchesDetails(of: "run_0011abcdefgh"))
        #expect(!fx.contains { if case .followEvents = $0 { true } else { false } })
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: ["runner": "a\nb"]), at: Fixtures.t0.addingTimeInterval(2)))
        fx = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(4.1)))
        #expect(fx.fetchesDetails(of: "run_0011abcdefgh"))
        #expect(DashView.render(s).text().contains("polling"))
        #expect(s.selectedFollower?.logs.streams["runner"]?.lines.map(\.text) == ["a", "b"])
    }

    @Test func aQuietStreamIsGivenUpAfterTwoIntervals() {
        var s = Fixtures.state()
        guard let token = streaming(&s) else { Issue.record("no stream opened"); return }
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: ["runner": "a"]), at: Fixtures.t0))
        let beat = RunEvent(id: nil, event: "heartbeat", data: .object(["type": .string("heartbeat")]))
        _ = Dash.update(&s, .runEvents(token: token, runId: "run_0011abcdefgh", [beat], at: Fixtures.t0))
        let fx = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(4.5)))
        #expect(fx.contains(.stopFollowing(token: token)))
        #expect(s.selectedFollower?.mode == .polling)
    }

    func withMergedLogs() -> DashState {
        var s = Fixtures.state()
        s.poll.inFlight = []
        _ = Dash.update(&s, .key(.down))
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: [
            "runner": "2026-11-18T10:00:01Z Error: disk full\n2026-11-18T10:00:03Z retrying\n2026-11-18T10:00:05Z error again",
            "linc": "2026-11-18T10:00:02Z ERROR in linc\n2026-11-18T10:00:04Z fine",
        ]), at: Fixtures.t0))
        _ = Dash.update(&s, .key(.enter))
        return s
    }

    func search(_ s: inout DashState, _ text: String) {
        _ = Dash.update(&s, .key(.char("/")))
        for c in text { _ = Dash.update(&s, .key(.char(c))) }
    }

    @Test func searchIsARegexWithSmartCaseAcrossStreams() {
        var s = withMergedLogs()
        search(&s, "err(or)?")
        _ = Dash.update(&s, .key(.enter))
        #expect(s.detail.log.matchCount == 3)  // smart case: all three, whatever their case
        let first = s.detail.log.match
        _ = Dash.update(&s, .key(.char("n")))
        _ = Dash.update(&s, .key(.char("n")))
        #expect(s.detail.log.match != first)
        _ = Dash.update(&s, .key(.esc))
        search(&s, "ERROR")
        _ = Dash.update(&s, .key(.enter))
        #expect(s.detail.log.matchCount == 1)  // a capital: case matters
    }

    @Test func anInvalidPatternSaysWhyAndChangesNothing() {
        var s = withMergedLogs()
        search(&s, "retry")
        _ = Dash.update(&s, .key(.enter))
        #expect(s.detail.log.matchCount == 1)
        search(&s, "(x")  // the prompt opens on the current search: "retry(x"
        #expect(s.prompt?.problem == "unmatched ( in /retry(x/")
        #expect(s.detail.log.searchText == "retry")
        _ = Dash.update(&s, .key(.enter))
        #expect(s.prompt != nil)  // stays open until valid or Esc
        #expect(DashView.render(s).text().contains("unmatched ("))
        _ = Dash.update(&s, .key(.esc))
        #expect(s.prompt == nil && s.detail.log.search == nil)
    }

    @Test func ampersandShowsOnlyMatchingLinesWithTheirStreamTags() {
        var s = withMergedLogs()
        search(&s, "error")
        _ = Dash.update(&s, .key(.enter))
        _ = Dash.update(&s, .key(.char("&")))
        #expect(s.detail.log.filtered)
        let text = DashView.render(s).text()
        #expect(text.contains("& 3 matching"))
        #expect(text.contains("runner 2026-11-18T10:00:01Z Error: disk full") && text.contains("linc   2026-11-18T10:00:02Z ERROR in linc"))
        #expect(!text.contains("retrying") && !text.contains("fine"))
        // New lines are matched as they arrive, once.
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: [
            "runner": "2026-11-18T10:00:01Z Error: disk full\n2026-11-18T10:00:03Z retrying\n2026-11-18T10:00:05Z error again\n2026-11-18T10:00:06Z one more error",
        ]), at: Fixtures.t0))
        #expect(s.detail.log.matchCount == 4)
        _ = Dash.update(&s, .key(.char("&")))
        #expect(DashView.render(s).text().contains("retrying"))
    }

    @Test func timestampsCanBeHidden() {
        var s = withMergedLogs()
        _ = Dash.update(&s, .key(.char("T")))
        let text = DashView.render(s).text()
        #expect(text.contains("runner Error: disk full") && !text.contains("10:00:01Z"))
    }

    @Test func thePagerGetsTheSanitisedView() {
        var s = withMergedLogs()
        let fx = Dash.update(&s, .key(.char("o")))
        guard case .openPager(_, let text)? = fx.first else { Issue.record("no pager: \(fx)"); return }
        #expect(text.hasPrefix("runner 2026-11-18T10:00:01Z Error: disk full\nlinc   2026-11-18T10:00:02Z ERROR in linc\n"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B })
    }
}

/// The dashboard's totals over the on-disk usage cache, shared with `casedash usage`.
@Suite struct UsageCacheWiringTests {
    @Test func cachedRecordsMakeTheTotalsKnownAtOnceAndAreNotFetchedAgain() {
        var s = Fixtures.state()
        let finished = Fixtures.runs.filter { $0.status.isTerminal }
        let records = finished.map { run in
            UsageRecord(runId: run.id, agentId: run.agentId, status: run.status, model: run.model, inputTokens: 900, outputTokens: 100,
                        totalTokens: 1_000, costMicros: 5_000, toolCalls: 1, durationMs: 1_000, createdAt: run.createdAt, endedAt: run.completedAt)
        }
        _ = Dash.update(&s, .usageRecordsLoaded(records))
        #expect(DashView.render(s).text().contains("Totals · \(finished.count)/\(Fixtures.runs.count) runs known"))
        s.poll.inFlight = []
        let fx = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(1)))
        #expect(!fx.readsRun(besides: "run_0012abcdefgh"))
    }

    @Test func aFinishedRunsDetailsAreKeptForTheNextStart() {
        var s = Fixtures.state()
        let run = Fixtures.runs[4]  // completed
        let fx = Dash.update(&s, .detailsLoaded(Fixtures.details(run, logs: [:]), at: Fixtures.t0))
        #expect(fx.contains { if case .recordUsage(let r) = $0 { r.runId == run.id && r.totalTokens == 48_200 } else { false } })
        // Once: the same details again are not written again.
        let again = Dash.update(&s, .detailsLoaded(Fixtures.details(run, logs: [:]), at: Fixtures.t0))
        #expect(!again.contains { if case .recordUsage = $0 { true } else { false } })
    }
}
