import CaseDevAPI
@testable import DashCore
import Foundation
import Testing

/// Defects found by probing the dashboard; each test failed before its fix.
@Suite struct BackfillFailureTests {
    /// A failed details request names its run: a 404 for a back-filled run marks that run gone
    /// (skipped from then on) and leaves the selected run's usage alone.
    @Test func aMissingBackfilledRunIsSkippedAndTheSelectedRunKeepsItsUsage() {
        var s = Fixtures.state()
        s.poll.inFlight = []
        s.poll.nextRunsPoll = .distantFuture
        s.poll.nextAgentsPoll = .distantFuture
        // The selected (queued) run's details land first, with usage.
        var fx = Dash.update(&s, .tick(Fixtures.t0))
        #expect(fx.map(\.fetchedRun) == ["run_0012abcdefgh"])
        fx = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[0], logs: [:], tokens: 777), at: Fixtures.t0))
        guard let missing = fx.first?.costOf else {
            Issue.record("expected a back-fill request, got \(fx)"); return
        }
        fx = Dash.update(&s, .requestFailed(.cost(missing), CaseDevError(kind: .http(status: 404), message: "Run not found"),
                                            at: Fixtures.t0))
        #expect(s.store.tokens("run_0012abcdefgh") == 777)
        #expect(s.store.usage["run_0012abcdefgh"] == nil)  // not overwritten with an empty usage
        #expect(s.store.gone.contains(missing))
        // Back-fill goes on with the next run (spaced out), and never asks for the missing one again.
        var t = Fixtures.t0
        var asked: [String] = []
        for _ in 0..<80 {
            var next: [DashEffect] = []
            for effect in fx {
                if let id = effect.costOf {
                    asked.append(id)
                    next += Dash.update(&s, .costRead(Fixtures.cost(s.runList.runs.first { $0.id == id }!), at: t))
                } else if let id = effect.fetchedRun {  // the selected queued run is polled on its own
                    next += Dash.update(&s, .detailsLoaded(Fixtures.details(s.runList.runs.first { $0.id == id }!, logs: [:]), at: t))
                }
            }
            t = t.addingTimeInterval(0.25)
            fx = next + Dash.update(&s, .tick(t))
        }
        #expect(asked.count >= 7)
        #expect(!asked.contains(missing))
        #expect(Set(asked).count == asked.count)
    }

    @Test func aSelectedRunThatIsGoneSaysSoAndIsNotPolled() {
        var s = Fixtures.state()
        s.poll.inFlight = []
        _ = Dash.update(&s, .key(.down))  // run 11, running
        let fx = Dash.update(&s, .requestFailed(.details("run_0011abcdefgh"), CaseDevError(kind: .http(status: 404), message: "Run not found"),
                                                at: Fixtures.t0))
        #expect(!fx.fetchesDetails(of: "run_0011abcdefgh"))
        #expect(Polling.deadlines(s).min().map { $0 > Fixtures.t0 } ?? true)
        #expect(DashView.render(s).text().contains("The server no longer knows this run (404)"))
    }

    /// A details answer that is not what was asked for (the client reports it as a failure) backs
    /// off and is shown, instead of being asked for again at once.
    @Test func aFailedDetailsRequestBacksOffAndIsShown() {
        var s = Fixtures.state()
        s.poll.inFlight = []
        _ = Dash.update(&s, .key(.down))
        let wrong = CaseDevError(kind: .invalidResponse, message: "the server answered for another run (run_other)")
        var fx = Dash.update(&s, .requestFailed(.details("run_0011abcdefgh"), wrong, at: Fixtures.t0))
        #expect(!fx.fetchesDetails(of: "run_0011abcdefgh"))
        fx = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(1)))
        #expect(!fx.fetchesDetails(of: "run_0011abcdefgh"))
        #expect(DashView.render(s).text().contains("Could not load the details"))
        fx = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(4)))
        #expect(fx.fetchesDetails(of: "run_0011abcdefgh"))
    }
}

@Suite struct AgentHighlightTests {
    /// Agents are listed newest first: a new agent shifts every row. The highlight is the
    /// filter's agent, found by id, so both keep pointing at the same agent.
    @Test func aNewAgentAtTheTopKeepsHighlightAndFilterOnTheSameAgent() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.tab)); _ = Dash.update(&s, .key(.tab))
        _ = Dash.update(&s, .key(.down)); _ = Dash.update(&s, .key(.down))
        #expect(s.runList.agentFilter == "agent_discovery")
        let created = Agent(id: "agent_new", name: "Brand New Agent")
        _ = Dash.update(&s, .agentCreated(created))
        _ = Dash.update(&s, .agentsLoaded([created] + Fixtures.agents, at: Fixtures.t0))
        #expect(s.runList.agentFilter == "agent_discovery")
        let g = DashView.render(s)
        let highlighted = (0..<g.size.rows).filter { y in g[2, y].role == .selection && y < s.layout.agents.maxY }
        let rows = highlighted.map { y in (0..<s.layout.agents.width).map { g[$0, y].text }.joined() }
        #expect(rows.first?.contains("Discovery Analyst") == true, "highlighted: \(rows)")
        // Moving on from there goes to the next agent in the new order.
        _ = Dash.update(&s, .key(.down))
        #expect(s.runList.agentFilter == "agent_tokyo")
    }

    @Test func aFilteredAgentThatDisappearsClearsTheFilter() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.tab)); _ = Dash.update(&s, .key(.tab)); _ = Dash.update(&s, .key(.down))
        #expect(s.runList.agentFilter == "agent_contracts")
        _ = Dash.update(&s, .agentsLoaded(Fixtures.agents.filter { $0.id != "agent_contracts" }, at: Fixtures.t0))
        #expect(s.runList.agentFilter == nil && !s.runList.loaded)
        #expect(s.flash?.isError == true)
    }
}

@Suite struct QuietStretchTests {
    /// After a quiet stretch the next list poll may be 8 s away; a key brings it within one
    /// normal interval of the key press.
    @Test func aKeyAfterAQuietStretchBringsTheNextPollWithinOneInterval() {
        var s = DashState(config: DashConfig(endpoint: "x"), size: Size(cols: 120, rows: 40), now: Fixtures.t0)
        let finished = Fixtures.runs.filter { $0.status.isTerminal }
        var t = Fixtures.t0
        for _ in 0..<80 {
            let fx = Dash.update(&s, .tick(t))
            if fx.contains(where: { if case .fetchRuns = $0 { true } else { false } }) {
                _ = Dash.update(&s, .runsLoaded(RunPage(runs: finished, hasMore: false, nextCursor: nil), query: s.query, at: t))
            }
            s.poll.inFlight.formIntersection([.runs])
            t = t.addingTimeInterval(1)
        }
        #expect(s.effectiveInterval == 8)
        // Just after a poll: the next one is up to 8 s away.
        let polledAt = s.poll.nextRunsPoll.addingTimeInterval(-8)
        #expect(s.poll.nextRunsPoll.timeIntervalSince(s.now) > 2)
        _ = Dash.update(&s, .key(.char("j")))
        #expect(s.poll.nextRunsPoll.timeIntervalSince(s.now) <= 2)
        #expect(s.poll.nextRunsPoll > polledAt)
    }
}

@Suite struct RecoveryTests {
    /// After a long outage the list's back-off has grown to a minute; any other request that
    /// succeeds shows the server is back, and the list is polled at once.
    @Test func aSuccessOfAnyRequestEndsTheListBackoff() {
        var s = Fixtures.state()
        s.poll.inFlight = []
        let refused = CaseDevError(kind: .connectionRefused, message: "connection refused")
        var t = Fixtures.t0
        for _ in 0..<8 {
            s.poll.inFlight.insert(.runs)
            _ = Dash.update(&s, .requestFailed(.runs, refused, at: t))
            t = s.poll.nextRunsPoll
        }
        #expect(s.poll.nextRunsPoll.timeIntervalSince(s.now) > 30)
        s.poll.inFlight.insert(.agents)
        let fx = Dash.update(&s, .agentsLoaded(Fixtures.agents, at: s.now))
        #expect(fx.contains(.fetchRuns(s.query)))
    }

    @Test func aWaitTheServerAskedForIsNotCutShort() {
        var s = Fixtures.state()
        s.poll.inFlight = [.runs, .agents]
        let limited = CaseDevError(kind: .http(status: 429), message: "slow down", retryAfter: 120)
        _ = Dash.update(&s, .requestFailed(.runs, limited, at: Fixtures.t0))
        let fx = Dash.update(&s, .agentsLoaded(Fixtures.agents, at: Fixtures.t0.addingTimeInterval(1)))
        #expect(!fx.contains(.fetchRuns(s.query)))
        #expect(s.poll.nextRunsPoll == Fixtures.t0.addingTimeInterval(120))
    }

    /// While the list fails, the agents request keeps probing at a short interval, so recovery
    /// comes within two intervals whatever the outage's length.
    @Test func agentsProbeEveryTwoIntervalsDuringAnOutage() {
        var s = Fixtures.state()
        s.poll.inFlight = [.agents]
        _ = Dash.update(&s, .requestFailed(.agents, CaseDevError(kind: .connectionRefused, message: "refused"), at: Fixtures.t0))
        #expect(s.poll.nextAgentsPoll == Fixtures.t0.addingTimeInterval(4))
    }
}

@Suite struct ActionTargetTests {
    /// A one-shot execute may wait half an hour; meanwhile a runaway run can still be cancelled.
    @Test func aPendingOneShotDoesNotBlockCancel() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("x")))
        for c in "Summarise" { _ = Dash.update(&s, .key(.char(c))) }
        #expect(Dash.update(&s, .key(.enter)).contains(.execute(ExecuteRequest(prompt: "Summarise"))))
        _ = Dash.update(&s, .key(.esc))  // closes the waiting form
        #expect(s.modal == nil)
        _ = Dash.update(&s, .key(.down))  // run 11, running
        _ = Dash.update(&s, .key(.char("c")))
        #expect(Dash.update(&s, .key(.char("y"))) == [.cancelRun("run_0011abcdefgh")])
        // The same cancel is not sent twice while the first is on its way.
        _ = Dash.update(&s, .key(.char("c")))
        #expect(Dash.update(&s, .key(.char("y"))).isEmpty)
        #expect(s.flash?.text.contains("still being sent") == true)
        // And a second one-shot waits for the first.
        _ = Dash.update(&s, .key(.char("x")))
        for c in "Again" { _ = Dash.update(&s, .key(.char(c))) }
        #expect(Dash.update(&s, .key(.enter)).isEmpty)
    }

    /// A failure lands in the form that sent it, not in another form opened meanwhile.
    @Test func aFailureGoesToTheFormThatSentIt() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("a")))
        for c in "Agent" { _ = Dash.update(&s, .key(.char(c))) }
        _ = Dash.update(&s, .key(.tab))
        for c in "Be terse" { _ = Dash.update(&s, .key(.char(c))) }
        #expect(Dash.update(&s, .key(.enter)).contains { if case .createAgent = $0 { true } else { false } })
        _ = Dash.update(&s, .actionFailed(.oneShot, "Execute", CaseDevError(kind: .http(status: 500), message: "boom")))
        guard case .form(let form)? = s.modal else { Issue.record("form closed"); return }
        #expect(form.submitting && form.error == nil)
        _ = Dash.update(&s, .actionFailed(.createAgent, "Create agent", CaseDevError(kind: .http(status: 400), message: "bad name")))
        guard case .form(let failed)? = s.modal else { Issue.record("form closed"); return }
        #expect(!failed.submitting && failed.error?.contains("bad name") == true)
    }
}

@Suite struct HostileNumberTests {
    static let extremes: [Int] = [Int.min, Int.min + 1, -1_000_000, -1, 0, 1, Int(5e18), Int.max - 1, Int.max]

    @Test func formattingNeverTraps() {
        for n in Self.extremes {
            _ = Format.tokens(n); _ = Format.count(n); _ = Format.cost(micros: n)
            _ = Format.duration(Double(n) / 1000); _ = Format.age(Double(n))
        }
        for d in [Double.nan, .infinity, -.infinity, -1e300, 1e300, -0.0] {
            _ = Format.duration(d); _ = Format.age(d); _ = Format.wholeSeconds(d, rounding: .up)
        }
        #expect(Format.tokens(-5) == "—" && Format.cost(micros: -1) == "—")
        #expect(Format.count(Int.min) == "-9,223,372,036,854,775,808")
        let bars = Glyphs.unicode.bars
        #expect(Format.sparkline([-5, .nan, 3, .infinity, -.infinity, 1e308], bars: bars).count == 6)
        #expect(Format.sparkline([-1, -2], bars: bars) == String(repeating: bars[0], count: 2))
    }

    /// Every pane and tab drawn with extreme token counts, costs, durations and usage entries.
    @Test func everyPaneDrawsExtremeNumbersWithoutTrapping() {
        var s = Fixtures.state()
        s.poll.inFlight = []
        for (i, run) in Fixtures.runs.enumerated() {
            let n = Self.extremes[i % Self.extremes.count]
            var d = Fixtures.details(run, logs: ["runner": "x"], tokens: 1)
            d.usage = Usage(model: "m", inputTokens: n, outputTokens: n == Int.max ? 1 : n, toolCalls: n, durationMs: n,
                            summary: UsageSummary(costMicros: n, totalInputTokens: n, totalOutputTokens: n, totalTokens: n),
                            entries: Self.extremes.map { UsageEntry(id: "u", kind: "llm", service: "llm", endpoint: nil, method: nil, statusCode: nil,
                                                                   costMicros: $0, promptTokens: $0, completionTokens: $0,
                                                                   totalTokens: $0, model: "m", timestamp: Fixtures.t0) })
            d.steps = [Step(id: "s", type: "tool_result", toolName: "t", durationMs: n, timestamp: Fixtures.t0)]
            _ = Dash.update(&s, .detailsLoaded(d, at: Fixtures.t0))
        }
        for tab in DetailTab.allCases {
            s.detail.tab = tab
            for size in [Size(cols: 120, rows: 40), Size(cols: 80, rows: 24)] {
                _ = Dash.update(&s, .resize(size))
                let text = DashView.render(s).text()
                #expect(text.contains("Token usage") || size.cols < 100)
            }
        }
        // A run whose own input + output overflow.
        let huge = Usage(inputTokens: Int.max, outputTokens: 1)
        #expect(huge.totalTokens == Int.max)
    }
}

/// What a new user met trying every key in tmux.
@Suite struct FirstUseTests {
    @Test func aNarrowRunsTitleDropsWhatTellsLeastAndKeepsTheCount() {
        var s = Fixtures.state(cols: 80, rows: 24)
        _ = Dash.update(&s, .key(.tab)); _ = Dash.update(&s, .key(.tab)); _ = Dash.update(&s, .key(.down))
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: Fixtures.runs.filter { $0.agentId == "agent_contracts" }, hasMore: true, nextCursor: "c"),
                                        query: s.query, at: Fixtures.t0))
        _ = Dash.update(&s, .key(.tab))  // runs
        _ = Dash.update(&s, .key(.char("/")))
        for c in "number 1" { _ = Dash.update(&s, .key(.char(c))) }
        let title = RunsView.title(s, width: 66)
        #expect(title.hasSuffix(" · 2 of 7+") && DisplayWidth.of(title) <= 66, "\(title)")
        #expect(title.contains("filter: \"number 1\""))
        #expect(title.contains("agent: Contract Reviewer"))
        #expect(!title.contains("sort:"))
    }

    @Test func escClearsTheAgentAndStatusFiltersOfTheRunList() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.tab)); _ = Dash.update(&s, .key(.tab)); _ = Dash.update(&s, .key(.down))
        _ = Dash.update(&s, .key(.char("S")))
        _ = Dash.update(&s, .key(.tab))  // runs
        #expect(s.focus == .runs && s.runList.agentFilter != nil && s.runList.statusFilter != nil)
        _ = Dash.update(&s, .key(.esc))
        _ = Dash.update(&s, .key(.esc))  // the first one may only dismiss a message
        #expect(s.runList.agentFilter == nil && s.runList.statusFilter == nil && !s.runList.loaded)
    }

    @Test func aRunJustCreatedIsNotHiddenByTheFilters() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("/")))
        for c in "falcon" { _ = Dash.update(&s, .key(.char(c))) }
        _ = Dash.update(&s, .key(.enter))
        _ = Dash.update(&s, .key(.char("S")))  // queued only
        let created = RunCreated(id: "run_new", agentId: "agent_tokyo", status: .queued, objectIds: nil, createdAt: Fixtures.t0)
        _ = Dash.update(&s, .runCreated(created, exec: .success(RunExecResponse(id: "run_new", status: .running, workflowId: nil, message: nil))))
        #expect(s.runList.textFilter.isEmpty && s.runList.statusFilter == nil)
        var fresh = Fixtures.run(99, .running, agent: "agent_tokyo", ageSeconds: 0)
        fresh.id = "run_new"
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: [fresh] + Fixtures.runs, hasMore: true, nextCursor: "c"), query: s.query, at: Fixtures.t0))
        #expect(s.runList.selectedRunId == "run_new")
    }

    @Test func allAgentsCountsOnlyWhenTheLoadedRunsCanTell() {
        var s = Fixtures.state()
        #expect(AgentsView.row(s, 0).1 == "12+ runs")
        _ = Dash.update(&s, .key(.char("S"))); _ = Dash.update(&s, .key(.char("S"))); _ = Dash.update(&s, .key(.char("S")))
        #expect(s.runList.statusFilter == .completed)
        #expect(AgentsView.row(s, 0).1 == "" && AgentsView.row(s, 1).1 == "")
    }
}

/// The token back-fill reads each finished run once, one at a time, each as soon as the one
/// before has answered: the totals are complete seconds after the start, and no timer wakes the
/// dashboard for it.
@Suite struct BackfillPaceTests {
    static func idle(rows: Int = 40) -> DashState {
        var s = Fixtures.state(rows: rows)
        s.poll.inFlight = []
        s.poll.nextRunsPoll = .distantFuture
        s.poll.nextAgentsPoll = .distantFuture
        s.runList.selectedRunId = nil  // nothing followed: only the back-fill reads runs
        return s
    }

    @Test func runsOnScreenFirstThenTheRestEachOnceOneAtATimeWithoutWaiting() {
        var s = Self.idle(rows: 22)  // a few run rows: some finished runs are off screen
        let onScreen = Set(Polling.runsOnScreen(s).map(\.id))
        var asked: [String] = []
        var queue = Dash.update(&s, .tick(Fixtures.t0))
        while let id = queue.compactMap(\.costOf).first, asked.count < 50 {
            #expect(queue.compactMap(\.costOf).count == 1)  // one at a time
            #expect(!queue.contains { $0.fetchedRun != nil })  // read for the cost only
            asked.append(id)
            // Answered at the same instant: the next read goes with the answer, no time passes.
            queue = Dash.update(&s, .costRead(Fixtures.cost(s.runList.runs.first { $0.id == id }!), at: Fixtures.t0))
        }
        let finished = Fixtures.runs.filter { $0.status.isTerminal && $0.startedAt != nil }.map(\.id)
        #expect(asked.count == finished.count && Set(asked) == Set(finished))
        let firstOff = asked.firstIndex { !onScreen.contains($0) } ?? asked.count
        #expect(firstOff > 0 && firstOff < asked.count)
        #expect(asked[firstOff...].allSatisfy { !onScreen.contains($0) })
        #expect(s.currentUsageTotals.shown.known == finished.count)  // the totals cover every finished run
        // Nothing is due and nothing is asked for the back-fill's sake.
        #expect(Polling.deadlines(s).allSatisfy { $0 == .distantFuture })
        #expect(Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(1))).isEmpty)
        // A run that ends later is read as soon as the list says so.
        var runs = s.runList.runs
        let i = runs.firstIndex { $0.status == .running }!
        runs[i].status = .completed
        runs[i].completedAt = Fixtures.t0.addingTimeInterval(1)
        s.poll.inFlight.insert(.runs)
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: runs, hasMore: true, nextCursor: "c"), query: s.query,
                                        at: Fixtures.t0.addingTimeInterval(2)))
        #expect(Polling.backfillWanted(s) == runs[i].id)  // next, after the run the list selected
    }

    @Test func aFailedReadBacksOffAndIsAskedAgainAfterIt() {
        var s = Self.idle()
        let t0 = Fixtures.t0
        guard let id = Dash.update(&s, .tick(t0)).compactMap(\.costOf).first else { Issue.record("no back-fill"); return }
        let fx = Dash.update(&s, .requestFailed(.cost(id), CaseDevError(kind: .http(status: 503), message: "busy"), at: t0))
        #expect(fx.compactMap(\.costOf).isEmpty)
        #expect(Dash.update(&s, .tick(t0.addingTimeInterval(3.9))).compactMap(\.costOf).isEmpty)
        #expect(Dash.update(&s, .tick(t0.addingTimeInterval(4))).compactMap(\.costOf) == [id])
    }
}

/// A run seen while it ran (its details read, with the tokens so far) and then left: when it
/// ends its tokens are read again. A tour found them frozen at what they were when it was last
/// selected, in the column, the totals and the bars, until it was selected again.
@Suite struct EndedAfterSeenTests {
    @Test func aRunSeenRunningIsReadWholeWhenItEnds() {
        var s = BackfillPaceTests.idle()
        let t0 = Fixtures.t0
        for r in Fixtures.runs where r.status.isTerminal { s.store.usage[r.id] = Usage() }  // the rest is known
        let running = s.runList.runs.first { $0.status == .running }!
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(running, logs: ["runner": "a"], tokens: 13_000), at: t0))
        #expect(s.store.tokens(running.id) == 13_000 && !s.store.knowsUsage(running.id))
        var ended = s.runList.runs
        let i = ended.firstIndex { $0.id == running.id }!
        ended[i].status = .completed
        ended[i].completedAt = t0.addingTimeInterval(1)
        s.poll.inFlight.insert(.runs)
        var fx = Dash.update(&s, .runsLoaded(RunPage(runs: ended, hasMore: true, nextCursor: "c"), query: s.query, at: t0.addingTimeInterval(2)))
        // The list selected its first run, read first; then the run that ended.
        if let selected = s.runList.selected, selected.id != running.id, fx.fetchesDetails(of: selected.id) {
            fx = Dash.update(&s, .detailsLoaded(Fixtures.details(selected, logs: [:]), at: t0.addingTimeInterval(2)))
        }
        // Read whole (it has a follower), keeping only the log lines it does not have.
        guard case .fetchDetails(running.id, let logs)? = fx.first(where: { $0.fetchedRun == running.id }) else {
            Issue.record("expected a read of \(running.id), got \(fx)"); return
        }
        #expect(logs == s.store.followers[running.id]?.logsWanted)
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(ended[i], logs: ["runner": "a\nb"], tokens: 40_000), at: t0.addingTimeInterval(2)))
        #expect(s.store.tokens(running.id) == 40_000 && s.store.knowsUsage(running.id))
        Dash.prepareFrame(&s)
        #expect(s.currentUsageTotals.shown.tokens >= 40_000)
        #expect(Polling.backfillWanted(s) == nil)
    }

    /// The list may say a run ended before its details do: the read does not count, the run
    /// is read again after a while (the wait doubling), and the back-fill goes on with the other
    /// runs meanwhile, without delaying the selected run. The same for a run seen while it ran.
    @Test func aReadOfARunNotEndedYetIsTriedAgainLaterAndTheOthersGoOn() {
        var s = BackfillPaceTests.idle()
        let t0 = Fixtures.t0
        guard let id = Dash.update(&s, .tick(t0)).compactMap(\.costOf).first else { Issue.record("no back-fill"); return }
        var early = Fixtures.cost(s.runList.runs.first { $0.id == id }!)
        early.run.status = .running
        var fx = Dash.update(&s, .costRead(early, at: t0))
        #expect(!s.store.knowsUsage(id) && s.poll.nextDetailsPoll == nil)
        // The others, at once.
        var asked: [String] = []
        while let next = fx.compactMap(\.costOf).first, asked.count < 50 {
            asked.append(next)
            fx = Dash.update(&s, .costRead(Fixtures.cost(s.runList.runs.first { $0.id == next }!), at: t0))
        }
        #expect(!asked.isEmpty && !asked.contains(id))
        #expect(Dash.update(&s, .tick(t0.addingTimeInterval(1))).compactMap(\.costOf).isEmpty)
        #expect(Dash.update(&s, .tick(t0.addingTimeInterval(2))).compactMap(\.costOf) == [id])
        // Still not ended: the wait doubles.
        _ = Dash.update(&s, .costRead(early, at: t0.addingTimeInterval(2)))
        #expect(Dash.update(&s, .tick(t0.addingTimeInterval(5))).compactMap(\.costOf).isEmpty)
        #expect(Dash.update(&s, .tick(t0.addingTimeInterval(6))).compactMap(\.costOf) == [id])
        _ = Dash.update(&s, .costRead(Fixtures.cost(s.runList.runs.first { $0.id == id }!), at: t0.addingTimeInterval(6)))
        #expect(s.store.knowsUsage(id) && s.poll.costRetry.isEmpty)
    }

    @Test func aRunSeenRunningWhoseDetailsLagIsNotReadInALoop() {
        var s = BackfillPaceTests.idle()
        let t0 = Fixtures.t0
        for r in Fixtures.runs where r.status.isTerminal { s.store.usage[r.id] = Usage() }
        let running = s.runList.runs.first { $0.status == .running }!
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(running, logs: [:]), at: t0))
        var ended = s.runList.runs
        let i = ended.firstIndex { $0.id == running.id }!
        ended[i].status = .completed
        s.poll.inFlight.insert(.runs)
        var fx = Dash.update(&s, .runsLoaded(RunPage(runs: ended, hasMore: true, nextCursor: "c"), query: s.query, at: t0))
        var reads = 0
        for _ in 0..<20 {
            if let selected = s.runList.selected, selected.id != running.id, fx.fetchesDetails(of: selected.id) {
                fx = Dash.update(&s, .detailsLoaded(Fixtures.details(selected, logs: [:]), at: t0))
                continue
            }
            guard fx.fetchesDetails(of: running.id) else { break }
            reads += 1
            fx = Dash.update(&s, .detailsLoaded(Fixtures.details(running, logs: [:]), at: t0))  // still "running"
        }
        #expect(reads == 1)
    }
}

/// `d` on two marked runs while the back-fill reads one of them for its cost: that read leaves
/// no details, so the comparison reads them itself (it waited for good on "Loading…").
@Suite struct DiffDuringBackfillTests {
    @Test func comparingARunWhoseCostIsBeingReadReadsItsDetails() {
        var s = Fixtures.state()
        s.poll.inFlight = []
        let finished = s.runList.runs.filter { $0.status.isTerminal }.prefix(2).map(\.id)
        for id in finished { _ = s.runList.toggleMark(id) }
        s.poll.inFlight.insert(.cost(finished[0]))
        let fx = InsightReducer.diff(&s)
        #expect(finished.allSatisfy { fx.fetchesDetails(of: $0) })
    }
}

@Suite struct EmptyFilterTests {
    @Test func anEmptyFilteredListSaysWhatIsFilteredAndHowToSeeEverything() {
        var s = Fixtures.state()
        s.runList.statusFilter = .queued
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: [], hasMore: false, nextCursor: nil), query: s.query, at: Fixtures.t0))
        let text = DashView.render(s).text()
        #expect(text.contains("no queued runs (Esc shows every run)"))
        #expect(!text.contains("press n to create one"))
    }
}

@Suite struct DrawUrgencyTests {
    @Test func backgroundAnswersMayWaitForTheTickAndWhatTheUserWatchesMayNot() {
        let s = Fixtures.state()
        let selected = s.runList.selectedRunId
        let other = Fixtures.runs.first { $0.id != selected && $0.status.isTerminal }!
        #expect(Dash.drawMayWait(.detailsLoaded(Fixtures.details(other, logs: [:]), at: Fixtures.t0), s) >= 1)
        let mine = Fixtures.runs.first { $0.id == selected }!
        #expect(Dash.drawMayWait(.detailsLoaded(Fixtures.details(mine, logs: [:]), at: Fixtures.t0), s) == 0)
        #expect(Dash.drawMayWait(.agentsLoaded(Fixtures.agents, at: Fixtures.t0), s) >= 1)
        #expect(Dash.drawMayWait(.key(.down), s) == 0)
        // New log lines of the selected run show on the clock's next frame, within a second.
        #expect(Dash.drawMayWait(.runEvents(token: 1, runId: mine.id, [], at: Fixtures.t0), s) == Dash.clockFrameReach)
        #expect(Dash.drawMayWait(.costRead(Fixtures.cost(other), at: Fixtures.t0), s) >= 1)
        #expect(Dash.drawMayWait(.runsLoaded(RunPage(runs: Fixtures.runs, hasMore: false, nextCursor: nil), query: s.query, at: Fixtures.t0), s) == 0)
    }

    @Test func aTickThatAskedForTheListMayWaitForItsAnswer() {
        var s = Fixtures.state()
        s.poll.inFlight = []
        s.poll.nextRunsPoll = Fixtures.t0.addingTimeInterval(2)
        let later = Fixtures.t0.addingTimeInterval(1)
        let quietTick = Dash.update(&s, .tick(later))
        #expect(!Dash.drawCanWaitForAnswer(.tick(later), effects: quietTick))
        let due = Fixtures.t0.addingTimeInterval(2)
        let pollTick = Dash.update(&s, .tick(due))
        #expect(pollTick.contains { if case .fetchRuns = $0 { true } else { false } })
        #expect(Dash.drawCanWaitForAnswer(.tick(due), effects: pollTick))
        #expect(!Dash.drawCanWaitForAnswer(.key(.down), effects: pollTick))
    }
}

@Suite struct TokenFormatTests {
    @Test func tokensRoundHalfUpAtEveryScale() {
        let cases: [(Int, String)] = [
            (0, "0"), (999, "999"), (1_000, "1.0k"), (1_049, "1.0k"), (1_050, "1.1k"), (9_949, "9.9k"), (9_950, "10k"),
            (48_200, "48k"), (999_499, "999k"), (999_500, "1.0M"), (1_250_000, "1.3M"), (Int.max, "9223372036854.8M"),
        ]
        for (n, text) in cases { #expect(Format.tokens(n) == text, "\(n)") }
    }

    /// Costs round half up on the exact number of micro-dollars (printf's %.3f rounded the
    /// binary double: 9,999,500 micro-dollars were "$9.999" there, "$10.00" here).
    @Test func costsRoundHalfUpAndDurationsAndClockTimesKeepTheirForm() {
        let costs: [(Int, String)] = [
            (0, "$0.000"), (1, "$0.000"), (499, "$0.000"), (500, "$0.001"), (9_100, "$0.009"), (412_000, "$0.412"),
            (1_234_567, "$1.235"), (9_999_499, "$9.999"), (9_999_500, "$10.00"), (10_000_000, "$10.00"),
            (12_345_678, "$12.35"), (1_000_004_999, "$1000.00"), (Int.max, "$9223372036854.78"),
        ]
        for (micros, text) in costs { #expect(Format.cost(micros: micros) == text, "\(micros)") }
        let durations: [(Double, String)] = [(0, "0s"), (59, "59s"), (60, "1m00s"), (61, "1m01s"), (605, "10m05s"),
                                             (3_599, "59m59s"), (3_600, "1h00m"), (3_660, "1h01m"), (90_000, "25h00m")]
        for (seconds, text) in durations { #expect(Format.duration(seconds) == text, "\(seconds)") }
        #expect(Format.clock(Date(timeIntervalSince1970: 1_795_000_000)) == "11:06:40")
        #expect(Format.clock(Date(timeIntervalSince1970: 86_399.9)) == "23:59:59")
        #expect(Format.clock(Date(timeIntervalSince1970: -1)) == "23:59:59")
        #expect(Format.clock(Date(timeIntervalSince1970: 5)) == "00:00:05")
    }
}

/// The footer offers only what applies to the selected run: no cancel for a run that ended,
/// no exec for one that is not queued.
@Suite struct FooterHintTests {
    func hints(_ s: DashState) -> String { FooterView.hints(s).flatMap(\.spans).map(\.text).joined() }

    @Test func cancelAndExecAreOfferedOnlyWhereTheyApply() {
        var s = Fixtures.state()
        for (status, cancel, exec) in [(RunStatus.failed, false, false), (.completed, false, false),
                                       (.running, true, false), (.queued, true, true)] {
            guard let run = s.runList.runs.first(where: { $0.status == status }) else { Issue.record("no \(status) run"); continue }
            s.runList.selectedRunId = run.id
            let text = hints(s)
            #expect(text.contains("cancel") == cancel, "\(status): \(text)")
            #expect(text.contains(" exec") == exec, "\(status): \(text)")
        }
    }
}

/// Lines of the usage pane that do not fit are cut with an ellipsis, not mid-word.
@Suite struct UsagePaneCutTests {
    @Test func aNarrowUsagePaneEndsCutLinesWithAnEllipsis() {
        let s = Fixtures.state()
        var g = Grid(size: Size(cols: 22, rows: 24))
        UsageView.pane(&g, s, Rect(x: 0, y: 0, width: 22, height: 24))
        let frame = g.text()
        guard let totals = frame.split(separator: "\n").first(where: { $0.contains("Totals") }) else {
            Issue.record("no totals line:\n\(frame)"); return
        }
        #expect(totals.contains("…"), "\(totals)")
    }
}

/// The help pages by its own height, G reaches its last line, and ↑ moves at once after it.
@Suite struct HelpScrollTests {
    func scroll(_ s: DashState) -> Int? { if case .help(let n)? = s.modal { n } else { nil } }

    @Test func helpPagesByItsHeightAndEndsAtItsLastLine() {
        var s = Fixtures.state(cols: 120, rows: 30)
        _ = Dash.update(&s, .key(.char("?")))
        let (page, last) = Overlays.helpView(s)
        #expect(last > 0 && page > 10)
        _ = Dash.update(&s, .key(.pageDown))
        #expect(scroll(s) == min(page, last))
        _ = Dash.update(&s, .key(.char("G")))
        #expect(scroll(s) == last)
        let lines = Overlays.helpLines(readonly: false, bindings: s.config.bindings)
        #expect(DashView.render(s).text().contains(String(lines.last!.0.prefix(30))))
        _ = Dash.update(&s, .key(.pageDown))
        #expect(scroll(s) == last)
        _ = Dash.update(&s, .key(.up))
        #expect(scroll(s) == last - 1)
        _ = Dash.update(&s, .key(.home))
        #expect(scroll(s) == 0)
    }
}
