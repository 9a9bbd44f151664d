import CaseDevAPI
@testable import DashCore
import Foundation
import Testing

@Suite struct NavigationTests {
    @Test func firstLookSelectsARunningRun() {
        var s = DashState(config: DashConfig(endpoint: "x"), size: Size(cols: 120, rows: 40), now: Fixtures.t0)
        _ = Dash.update(&s, .tick(Fixtures.t0))
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: Fixtures.runs, hasMore: false, nextCursor: nil), query: s.query, at: Fixtures.t0))
        #expect(s.runList.selectedRunId == "run_0011abcdefgh")
    }

    @Test func selectionMovesAndStaysOnTheSameRunAcrossRefreshes() {
        var s = Fixtures.state()
        #expect(s.runList.selectedRunId == "run_0012abcdefgh")
        _ = Dash.update(&s, .key(.down))
        _ = Dash.update(&s, .key(.char("j")))
        #expect(s.runList.selectedRunId == "run_0010abcdefgh")
        // A new run arrives at the top: the selection follows its run, not its row.
        let newer = Fixtures.run(13, .queued, ageSeconds: 1)
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: [newer] + Fixtures.runs, hasMore: true, nextCursor: "x"), query: s.query,
                                        at: Fixtures.t0.addingTimeInterval(2)))
        #expect(s.runList.selectedRunId == "run_0010abcdefgh")
        _ = Dash.update(&s, .key(.char("g")))
        #expect(s.runList.selectedRunId == "run_0013abcdefgh")
        _ = Dash.update(&s, .key(.up))
        #expect(s.runList.selectedRunId == "run_0013abcdefgh")
    }

    @Test func movingPastTheEndLoadsTheNextPageOnce() {
        var s = Fixtures.state()
        let fx = Dash.update(&s, .key(.char("G")))
        #expect(s.runList.selectedRunId == Fixtures.runs.last?.id)
        #expect(fx.contains(.fetchMoreRuns(RunQuery(agentId: nil, status: nil, limit: 100, cursor: "run_0001abcdefgh"))))
        let again = Dash.update(&s, .key(.down))
        #expect(!again.contains { if case .fetchMoreRuns = $0 { true } else { false } })
        let older = Fixtures.run(0, .completed, ageSeconds: 50_000)
        _ = Dash.update(&s, .moreRunsLoaded(RunPage(runs: [older], hasMore: false, nextCursor: nil),
                                            query: RunQuery(agentId: nil, status: nil, limit: 100, cursor: "run_0001abcdefgh"),
                                            at: Fixtures.t0))
        #expect(s.runList.runs.last?.id == older.id && !s.runList.hasMore)
    }

    @Test func tabCyclesPanesAndEnterOpensTheRun() {
        var s = Fixtures.state()
        #expect(s.focus == .runs)
        _ = Dash.update(&s, .key(.enter))
        #expect(s.focus == .detail)
        _ = Dash.update(&s, .key(.esc))
        #expect(s.focus == .runs)
        _ = Dash.update(&s, .key(.tab))
        #expect(s.focus == .detail)
        _ = Dash.update(&s, .key(.tab))
        #expect(s.focus == .agents)
        _ = Dash.update(&s, .key(.backTab))
        #expect(s.focus == .detail)
        _ = Dash.update(&s, .key(.right))
        #expect(s.detail.tab == .steps)
        _ = Dash.update(&s, .key(.left))
        _ = Dash.update(&s, .key(.left))
        #expect(s.detail.tab == .usage)
    }

    @Test func choosingAnAgentFiltersTheRunListOnTheServer() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.tab)); _ = Dash.update(&s, .key(.tab))  // agents
        #expect(s.focus == .agents)
        _ = Dash.update(&s, .key(.down))
        #expect(s.runList.agentFilter == "agent_contracts")
        #expect(s.runList.runs.isEmpty && !s.runList.loaded)
        // The list request in flight belongs to the old query; the new one goes when it lands.
        s.poll.inFlight.remove(.runs)
        let fx = Dash.update(&s, .tick(Fixtures.t0))
        #expect(fx.contains(.fetchRuns(RunQuery(agentId: "agent_contracts", status: nil, limit: 100))))
        // A late answer for the unfiltered query is ignored.
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: Fixtures.runs, hasMore: false, nextCursor: nil),
                                        query: RunQuery(agentId: nil, status: nil, limit: 100), at: Fixtures.t0))
        #expect(s.runList.runs.isEmpty)
        _ = Dash.update(&s, .key(.up))
        #expect(s.runList.agentFilter == nil)
    }

    @Test func textFilterStatusFilterAndSort() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("/")))
        #expect(s.prompt?.purpose == .runFilter)
        for c in "falcon" { _ = Dash.update(&s, .key(.char(c))) }
        #expect(s.runList.visible.map(\.id) == ["run_0010abcdefgh"])
        #expect(s.runList.selectedRunId == "run_0010abcdefgh")
        _ = Dash.update(&s, .key(.enter))
        #expect(s.prompt == nil && s.runList.textFilter == "falcon")
        _ = Dash.update(&s, .key(.esc))
        #expect(s.runList.textFilter.isEmpty && s.runList.visible.count == Fixtures.runs.count)
        _ = Dash.update(&s, .key(.char("S")))
        #expect(s.runList.statusFilter == .queued && !s.runList.loaded)
        _ = Dash.update(&s, .key(.char("S")))
        #expect(s.runList.statusFilter == .running)
        s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("s")))
        #expect(s.runList.sort == .oldest && s.runList.visible.first?.id == "run_0001abcdefgh")
        _ = Dash.update(&s, .key(.char("s")))
        #expect(s.runList.sort == .status && s.runList.visible.first?.status == .running)
    }

    @Test func quitOnQAndCtrlC() {
        var s = Fixtures.state()
        #expect(Dash.update(&s, .key(.char("q"))).contains(.quit) && s.quitting)
        var t = Fixtures.state()
        _ = Dash.update(&t, .key(.char("n")))
        #expect(Dash.update(&t, .key(.ctrl("c"))).contains(.quit))
    }
}

@Suite struct PollingTests {
    @Test func firstTickAsksForRunsAndAgentsOnceEach() {
        var s = DashState(config: DashConfig(endpoint: "x"), size: Size(cols: 120, rows: 40), now: Fixtures.t0)
        let fx = Dash.update(&s, .tick(Fixtures.t0))
        #expect(fx == [.fetchRuns(RunQuery(agentId: nil, status: nil, limit: 100)), .fetchAgents])
        // Still in flight: nothing more, however often it ticks.
        #expect(Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(5))).isEmpty)
    }

    @Test func listIsPolledEveryIntervalAndDetailsOnlyForTheSelectedActiveRun() {
        var s = Fixtures.state()
        for r in Fixtures.runs where r.status.isTerminal { s.store.usage[r.id] = Usage() }  // tokens already known
        // After the list landed, details of the selected (queued) run are due.
        s.poll.inFlight = []
        var fx = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(0.5)))
        #expect(fx.map(\.fetchedRun) == ["run_0012abcdefgh"])
        let queued = Fixtures.details(Fixtures.runs[0], logs: [:])
        fx = Dash.update(&s, .detailsLoaded(queued, at: Fixtures.t0.addingTimeInterval(0.6)))
        // Known to be queued: its events stream is closed until it starts (polling follows it).
        #expect(fx.allSatisfy { if case .stopFollowing = $0 { true } else { false } })
        fx = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(1)))
        #expect(fx.isEmpty)
        fx = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(2.7)))
        #expect(fx.contains(.fetchRuns(s.query)))
        #expect(fx.fetchesDetails(of: "run_0012abcdefgh"))
        #expect(!fx.contains(.fetchAgents))  // agents refresh on their slower cadence
        fx = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(31)))
        #expect(fx.contains(.fetchAgents))
    }

    @Test func finishedRunsAreFetchedOnceMoreThenNever() {
        var s = Fixtures.state()
        for r in Fixtures.runs where r.status.isTerminal { s.store.usage[r.id] = Usage() }  // no token backfill in this test
        s.poll.inFlight = []
        _ = Dash.update(&s, .key(.down))  // run 11, running
        let running = Fixtures.details(Fixtures.runs[1], logs: ["runner": "a"])
        _ = Dash.update(&s, .tick(Fixtures.t0))
        _ = Dash.update(&s, .detailsLoaded(running, at: Fixtures.t0))
        // The list says it completed: one last details fetch.
        var done = Fixtures.runs
        done[1].status = .completed
        done[1].completedAt = Fixtures.t0
        s.store.usage["run_0011abcdefgh"] = Usage()
        var fx = Dash.update(&s, .runsLoaded(RunPage(runs: done, hasMore: true, nextCursor: "c"), query: s.query, at: Fixtures.t0))
        #expect(s.runList.changedAt["run_0011abcdefgh"] != nil)
        #expect(fx.fetchesDetails(of: "run_0011abcdefgh"))
        var final = running
        final.status = .completed
        _ = Dash.update(&s, .detailsLoaded(final, at: Fixtures.t0.addingTimeInterval(0.2)))
        for t in stride(from: 3.0, to: 60, by: 3) {
            fx = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(t)))
            #expect(!fx.fetchesDetails(of: "run_0011abcdefgh"))
            if fx.contains(.fetchRuns(s.query)) {
                _ = Dash.update(&s, .runsLoaded(RunPage(runs: done, hasMore: true, nextCursor: "c"), query: s.query,
                                                at: Fixtures.t0.addingTimeInterval(t)))
            }
            for case .fetchDetails(let id, _) in fx {
                _ = Dash.update(&s, .detailsLoaded(Fixtures.details(done.first { $0.id == id }!, logs: [:]),
                                                   at: Fixtures.t0.addingTimeInterval(t)))
            }
            if fx.contains(.fetchAgents) { _ = Dash.update(&s, .agentsLoaded(Fixtures.agents, at: Fixtures.t0.addingTimeInterval(t))) }
        }
    }

    @Test func tokensOfVisibleFinishedRunsAreFetchedOnceEach() {
        var s = Fixtures.state()
        s.poll.inFlight = []
        s.poll.nextRunsPoll = .distantFuture
        s.poll.nextAgentsPoll = .distantFuture
        var fetched: [String] = []
        var t = Fixtures.t0
        var queue = Dash.update(&s, .tick(t))
        // Back-fill is spaced out: answer each request, then let a little time pass.
        for _ in 0..<100 where fetched.count < 50 {
            var next: [DashEffect] = []
            for effect in queue {
                guard let id = effect.fetchedRun ?? effect.costOf else { continue }
                fetched.append(id)
                let run = s.runList.runs.first { $0.id == id }!
                // The selected run is read whole; the others for their cost only.
                #expect((effect.fetchedRun != nil) == (id == s.runList.selectedRunId))
                next += Dash.update(&s, effect.costOf != nil ? .costRead(Fixtures.cost(run), at: t)
                                                             : .detailsLoaded(Fixtures.details(run, logs: [:]), at: t))
            }
            t = t.addingTimeInterval(0.25)
            s.poll.nextRunsPoll = .distantFuture
            s.poll.nextAgentsPoll = .distantFuture
            queue = next + Dash.update(&s, .tick(t))
        }
        fetched = fetched.enumerated().filter { $0.offset == 0 || $0.element != "run_0012abcdefgh" }.map(\.element)  // re-polls of the selected queued run
        let finishedStarted = Fixtures.runs.filter { $0.status.isTerminal && $0.startedAt != nil }.map(\.id)
        #expect(fetched.first == "run_0012abcdefgh")  // the selected run comes first
        #expect(Set(fetched.dropFirst()) == Set(finishedStarted))
        #expect(fetched.count == finishedStarted.count + 1)  // each once
        #expect(s.store.tokens("run_0008abcdefgh") == 48_200)
        // A cost read makes no follower: selecting such a run reads its details whole.
        #expect(s.store.followers["run_0008abcdefgh"] == nil)
    }

    @Test func failuresKeepTheDataBackOffHonourRetryAfterAndRecover() {
        var s = Fixtures.state()
        s.poll.inFlight = [.runs]
        let error = CaseDevError(kind: .http(status: 503), message: "Service unavailable")
        _ = Dash.update(&s, .requestFailed(.runs, error, at: Fixtures.t0.addingTimeInterval(2)))
        #expect(s.runList.runs.count == Fixtures.runs.count)  // last data stays
        #expect(s.poll.connection.failures == 1 && s.poll.connection.lastError?.contains("503") == true)
        #expect(s.poll.connection.retryAt == Fixtures.t0.addingTimeInterval(4))
        #expect(!Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(3))).contains(.fetchRuns(s.query)))
        #expect(Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(4))).contains(.fetchRuns(s.query)))
        _ = Dash.update(&s, .requestFailed(.runs, error, at: Fixtures.t0.addingTimeInterval(4)))
        #expect(s.poll.connection.retryAt == Fixtures.t0.addingTimeInterval(8))  // doubled
        let limited = CaseDevError(kind: .http(status: 429), message: "slow down", retryAfter: 30)
        _ = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(8)))
        _ = Dash.update(&s, .requestFailed(.runs, limited, at: Fixtures.t0.addingTimeInterval(8)))
        #expect(s.poll.connection.retryAt == Fixtures.t0.addingTimeInterval(38))
        // r retries at once, and success clears the error.
        let fx = Dash.update(&s, .key(.char("r")))
        #expect(fx.contains(.fetchRuns(s.query)))
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: Fixtures.runs, hasMore: true, nextCursor: "c"), query: s.query,
                                        at: Fixtures.t0.addingTimeInterval(9)))
        #expect(!s.poll.connection.isFailing && s.poll.connection.lastSuccess == Fixtures.t0.addingTimeInterval(9))
    }

    @Test func quietListsArePolledLessOftenUntilSomethingHappens() {
        var s = DashState(config: DashConfig(endpoint: "x"), size: Size(cols: 120, rows: 40), now: Fixtures.t0)
        let finished = Fixtures.runs.filter { $0.status.isTerminal }
        var t = Fixtures.t0
        var gaps: [TimeInterval] = []
        var last = t
        for _ in 0..<80 {
            let fx = Dash.update(&s, .tick(t))
            if fx.contains(where: { if case .fetchRuns = $0 { true } else { false } }) {
                gaps.append(t.timeIntervalSince(last)); last = t
                _ = Dash.update(&s, .runsLoaded(RunPage(runs: finished, hasMore: false, nextCursor: nil), query: s.query, at: t))
            }
            s.poll.inFlight.formIntersection([.runs])
            t = t.addingTimeInterval(1)
        }
        #expect(gaps.prefix(6).dropFirst() == [2, 2, 2, 2, 2])
        #expect(gaps.last == 8 && s.effectiveInterval == 8)
        _ = Dash.update(&s, .key(.char("j")))
        #expect(s.effectiveInterval == 2)
    }

    @Test func plusAndMinusChangeTheIntervalLive() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("+")))
        #expect(s.prefs.interval == 2.5 && s.flash?.text == "Refreshing every 2.5s")
        for _ in 0..<10 { _ = Dash.update(&s, .key(.char("-"))) }
        #expect(s.prefs.interval == 0.5)
        #expect(DashView.render(s).text().contains("every 0.5s"))
    }

    @Test func theListDoesNotGrowAsNewRunsArrive() {
        var s = DashState(config: DashConfig(endpoint: "x", pageSize: 10), size: Size(cols: 120, rows: 40), now: Fixtures.t0)
        func page(newest: Int) -> RunPage {
            let runs = (0..<10).map { Fixtures.run(newest - $0, .completed, ageSeconds: Double(1_000 - (newest - $0))) }
            return RunPage(runs: runs, hasMore: true, nextCursor: runs.last?.id)
        }
        for newest in 20..<60 {
            _ = Dash.update(&s, .runsLoaded(page(newest: newest), query: s.query, at: Fixtures.t0))
        }
        #expect(s.runList.runs.count == 10 && s.runList.runs.first?.id == Fixtures.run(59, .completed, ageSeconds: 0).id)
        #expect(s.query.limit == 10 && s.runList.hasMore)
        // Paging in more makes the list (and the refresh) cover them.
        _ = Dash.update(&s, .moreRunsLoaded(page(newest: 49), query: s.query, at: Fixtures.t0))
        #expect(s.runList.runs.count == 20 && s.query.limit == 20)
    }

    @Test func whatIsKeptAboutRunsIsBoundedOverDays() {
        var s = Fixtures.state()
        for i in 0..<2_500 { s.store.usage["run_old_\(i)"] = Usage(); s.store.execSent.insert("run_old_\(i)") }
        s.store.usage["run_0008abcdefgh"] = Usage()
        s.poll.inFlight = []
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: Fixtures.runs, hasMore: true, nextCursor: "c"), query: s.query, at: Fixtures.t0))
        #expect(s.store.usage.keys.sorted() == ["run_0008abcdefgh"])
        #expect(s.store.execSent.isEmpty)
    }

    @Test func backoffIsCapped() {
        #expect(PollScheduler.backoff(interval: 2, failures: 1, retryAfter: nil) == 2)
        #expect(PollScheduler.backoff(interval: 2, failures: 3, retryAfter: nil) == 8)
        #expect(PollScheduler.backoff(interval: 2, failures: 20, retryAfter: nil) == 60)
    }
}

@Suite struct ActionTests {
    @Test func newRunFormStartsInThePromptRefusesEmptyAndSubmitsOnce() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("n")))
        guard case .form(let form)? = s.modal else { Issue.record("no form"); return }
        #expect(form.purpose == .newRun && form.fields[form.focus].key == "prompt")
        #expect(form.field("agent")?.selected == 2)  // preselected: the selected run's agent (Tokyo)
        var fx = Dash.update(&s, .key(.enter))
        guard case .form(let refused)? = s.modal else { Issue.record("form closed"); return }
        #expect(refused.error == "Prompt is required" && fx.isEmpty)
        for c in "Check the NDA" { _ = Dash.update(&s, .key(.char(c))) }
        _ = Dash.update(&s, .key(.altEnter))
        for c in "twice" { _ = Dash.update(&s, .key(.char(c))) }
        _ = Dash.update(&s, .key(.tab))
        for c in "be brief" { _ = Dash.update(&s, .key(.char(c))) }
        fx = Dash.update(&s, .key(.enter))
        let expected = DashEffect.createRun(CreateRunRequest(agentId: "agent_tokyo", prompt: "Check the NDA\ntwice", guidance: "be brief"),
                                            execute: true)
        #expect(fx.filter { if case .createRun = $0 { true } else { false } } == [expected])
        // A second Enter while it is being sent sends nothing.
        #expect(Dash.update(&s, .key(.enter)).filter { if case .createRun = $0 { true } else { false } }.isEmpty)
        let created = RunCreated(id: "run_new", agentId: "agent_tokyo", status: .queued, objectIds: nil, createdAt: Fixtures.t0)
        fx = Dash.update(&s, .runCreated(created, exec: .success(RunExecResponse(id: "run_new", status: .running, workflowId: "w", message: nil))))
        #expect(s.modal == nil && s.runList.pendingSelection == "run_new" && s.focus == .detail)
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: [Fixtures.run(99, .running, ageSeconds: 0)].map {
            var r = $0; r.id = "run_new"; return r
        } + Fixtures.runs, hasMore: true, nextCursor: "c"), query: s.query, at: Fixtures.t0))
        #expect(s.runList.selectedRunId == "run_new")
    }

    @Test func textFieldsEditAtTheCursor() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("x")))
        for c in "Summarise deposition" { _ = Dash.update(&s, .key(.char(c))) }
        for _ in 0..<"deposition".count { _ = Dash.update(&s, .key(.left)) }
        for c in "the " { _ = Dash.update(&s, .key(.char(c))) }
        _ = Dash.update(&s, .key(.home))
        _ = Dash.update(&s, .key(.delete))
        _ = Dash.update(&s, .key(.char("s")))
        _ = Dash.update(&s, .key(.end))
        _ = Dash.update(&s, .key(.backspace))
        guard case .form(let form)? = s.modal else { Issue.record("no form"); return }
        #expect(form.field("prompt")?.value == "summarise the depositio")
        #expect(form.field("prompt")?.cursor == 23)
    }

    @Test func fieldLayoutWrapsAndPlacesTheCursor() {
        let laid = FieldLayout.layout("abcdef\nxy", cursor: 3, width: 5)
        #expect(laid.rows == ["abcd", "ef", "xy"])
        #expect(laid.cursorRow == 0 && laid.cursorColumn == 3)
        let end = FieldLayout.layout("abcdef\nxy", cursor: 9, width: 5)
        #expect(end.cursorRow == 2 && end.cursorColumn == 2)
        let wide = FieldLayout.layout("契約書", cursor: 2, width: 5)
        #expect(wide.rows == ["契約", "書"] && wide.cursorRow == 1 && wide.cursorColumn == 0)
        let newline = FieldLayout.layout("ab\n", cursor: 3, width: 10)
        #expect(newline.rows == ["ab", ""] && newline.cursorRow == 1 && newline.cursorColumn == 0)
    }

    @Test func formTabMovesBetweenFieldsAndEscCancels() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("a")))
        guard case .form(var form)? = s.modal else { Issue.record("no form"); return }
        #expect(form.purpose == .newAgent && form.focus == 0)
        _ = Dash.update(&s, .key(.tab))
        if case .form(let f)? = s.modal { form = f }
        #expect(form.focus == 1)
        _ = Dash.update(&s, .key(.backTab)); _ = Dash.update(&s, .key(.backTab))
        if case .form(let f)? = s.modal { form = f }
        #expect(form.focus == 2)
        _ = Dash.update(&s, .key(.esc))
        #expect(s.modal == nil)
    }

    @Test func cancelAsksFirstAndDefaultsToNo() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.down))  // running run 11
        _ = Dash.update(&s, .key(.char("c")))
        #expect(s.modal == .confirmCancel(runIds: ["run_0011abcdefgh"]))
        #expect(Dash.update(&s, .key(.enter)).isEmpty && s.modal == nil)
        _ = Dash.update(&s, .key(.char("c")))
        let fx = Dash.update(&s, .key(.char("y")))
        #expect(fx == [.cancelRun("run_0011abcdefgh")])
        // Finished runs cannot be cancelled.
        _ = Dash.update(&s, .key(.char("G")))
        _ = Dash.update(&s, .key(.char("c")))
        #expect(s.modal == nil && s.flash?.isError == true)
    }

    @Test func executeSendsOnceAndOnlyForQueuedRuns() {
        var s = Fixtures.state()
        #expect(Dash.update(&s, .key(.char("e"))).contains(.execRun("run_0012abcdefgh")))
        _ = Dash.update(&s, .runExecuted(RunExecResponse(id: "run_0012abcdefgh", status: .running, workflowId: nil, message: nil)))
        // The list still says queued until the next poll: a second press must not send again.
        #expect(!Dash.update(&s, .key(.char("e"))).contains(.execRun("run_0012abcdefgh")))
        #expect(s.flash?.text.contains("already started") == true)
        _ = Dash.update(&s, .key(.down))
        #expect(!Dash.update(&s, .key(.char("e"))).contains { if case .execRun = $0 { true } else { false } })
    }

    @Test func conflictOnExecSaysTheRunAlreadyStarted() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("e")))
        _ = Dash.update(&s, .actionFailed(.run("run_0012abcdefgh"), "Execute run", CaseDevError(kind: .http(status: 409), message: "Run is running, not queued")))
        #expect(s.flash?.isError == true && s.flash?.text.contains("already started") == true)
        #expect(!s.poll.inFlight.contains(.action(.run("run_0012abcdefgh"))))
    }

    @Test func readonlyRefusesEveryAction() {
        var s = Fixtures.state(readonly: true)
        for key in ["n", "e", "c", "a", "x"] {
            #expect(Dash.update(&s, .key(.char(Character(key)))).filter { $0.fetchedRun != "run_0012abcdefgh" }.isEmpty)
            #expect(s.modal == nil)
            #expect(s.flash?.text.contains("Read-only") == true)
        }
    }

    @Test func oneShotShowsASynchronousAnswerOrFollowsTheRun() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("x")))
        for c in "Summarise" { _ = Dash.update(&s, .key(.char(c))) }
        let fx = Dash.update(&s, .key(.enter))
        #expect(fx.contains(.execute(ExecuteRequest(prompt: "Summarise"))))
        let answer = ExecuteResponse(runId: "run_x", agentId: "agent_eph", status: .completed, provider: "vercel",
                                     output: "done", logs: ["runner": "r", "linc": "l"])
        _ = Dash.update(&s, .executeAnswered(answer))
        #expect(s.modal == .oneShot(OneShotResult(response: answer)))
        _ = Dash.update(&s, .key(.esc))
        #expect(s.modal == nil && s.runList.pendingSelection == "run_x")
    }
}

@Suite struct LogViewTests {
    func withLogs(_ text: String, config: DashConfig? = nil) -> DashState {
        var s = Fixtures.state(config: config)
        s.poll.inFlight = []
        _ = Dash.update(&s, .key(.down))
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: ["runner": text, "linc": "l1\nl2", "runtime": "r"]),
                                           at: Fixtures.t0))
        _ = Dash.update(&s, .key(.enter))
        _ = Dash.update(&s, .key(.char("l")))  // from All to the runner stream
        return s
    }

    @Test func allFirstThenRunnerAndLincThenOthersAndLCyclesBothWays() {
        var s = withLogs("a")
        _ = Dash.update(&s, .key(.char("L")))
        #expect(s.detail.log.source == .all)
        _ = Dash.update(&s, .key(.char("l")))
        #expect(s.detail.log.source == .stream("runner"))
        _ = Dash.update(&s, .key(.char("l")))
        #expect(s.detail.log.source == .stream("linc"))
        _ = Dash.update(&s, .key(.char("l")))
        #expect(s.detail.log.source == .stream("runtime"))
        _ = Dash.update(&s, .key(.char("l")))
        #expect(s.detail.log.source == .all)
        _ = Dash.update(&s, .key(.char("L")))
        #expect(s.detail.log.source == .stream("runtime"))
    }

    @Test func scrollingUpPausesFollowAndCountsNewLines() {
        var s = withLogs(Fixtures.runnerLog)
        #expect(s.detail.log.follow)
        _ = Dash.update(&s, .key(.up))
        #expect(!s.detail.log.follow)
        let more = Fixtures.runnerLog + "\nline 31\nline 32\nline 33"
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: ["runner": more]), at: Fixtures.t0))
        #expect(s.detail.log.newWhilePaused == 3)
        // The notice has a row of its own: no log line is drawn under it.
        let badgeRow = DashView.render(s).text().split(separator: "\n").first { $0.contains("+3 new lines") }
        #expect(badgeRow.map { !$0.contains("step") && !$0.contains("line 3") } == true, "\(badgeRow ?? "no notice")")
        _ = Dash.update(&s, .key(.char("G")))
        #expect(s.detail.log.follow && s.detail.log.newWhilePaused == 0)
        _ = Dash.update(&s, .key(.char("f")))
        #expect(!s.detail.log.follow)
    }

    @Test func aPausedViewStaysOnItsLinesWhileOldLinesAreDropped() {
        var s = Fixtures.state(config: DashConfig(endpoint: "127.0.0.1:8080", logLineLimit: 100))
        s.poll.inFlight = []
        _ = Dash.update(&s, .key(.down))
        var text = (0..<150).map { "line \($0)" }.joined(separator: "\n")
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: ["runner": text]), at: Fixtures.t0))
        _ = Dash.update(&s, .key(.enter))
        _ = Dash.update(&s, .key(.char("g")))  // top of what is kept: "line 50"
        #expect(!s.detail.log.follow)
        #expect(DashView.render(s).text().contains("line 50 "))
        text += "\n" + (150..<180).map { "line \($0)" }.joined(separator: "\n")
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: ["runner": text]), at: Fixtures.t0))
        // "line 50" was dropped: the view shows the oldest kept line, not 30 lines further down.
        let frame = DashView.render(s).text()
        #expect(frame.contains("80 earlier lines dropped"))
        #expect(frame.contains("│ line 80 "))
        _ = Dash.update(&s, .key(.down))
        #expect(DashView.render(s).text().contains("│ line 81 "))
        #expect(s.detail.log.newWhilePaused == 30)
    }

    @Test func writeSavesTheWholeKeptStreamToAFile() {
        var s = withLogs("one\ntwo\nthree", config: DashConfig(endpoint: "127.0.0.1:8080", dumpDirectory: "/dumps"))
        let fx = Dash.update(&s, .key(.char("W")))
        guard case .saveLog(let path, let lines, let dropped)? = fx.first else { Issue.record("no save effect: \(fx)"); return }
        #expect(path.hasPrefix("/dumps/run_0011abcdefgh-runner-") && path.hasSuffix(".log"))
        #expect(lines == ["one", "two", "three"] && dropped == 0)
        _ = Dash.update(&s, .logSaved(path: path, lines: 3))
        #expect(s.flash?.text == "Saved 3 lines to \(path)")
    }

    @Test func searchHighlightsAndJumpsBetweenMatches() {
        var s = withLogs(Fixtures.runnerLog)
        _ = Dash.update(&s, .key(.char("/")))
        #expect(s.prompt?.purpose == .logSearch)
        for c in "step 2" { _ = Dash.update(&s, .key(.char(c))) }
        _ = Dash.update(&s, .key(.enter))
        // The first match at or below the top of the view, then onwards, wrapping around.
        #expect(s.detail.log.match == 19 && !s.detail.log.follow)  // "step 20"
        _ = Dash.update(&s, .key(.char("n")))
        #expect(s.detail.log.match == 20)
        _ = Dash.update(&s, .key(.char("N")))
        _ = Dash.update(&s, .key(.char("N")))
        #expect(s.detail.log.match == 1)  // "step 2 of", before the view: reached by wrapping backwards
        _ = Dash.update(&s, .key(.char("N")))
        #expect(s.detail.log.match == 28)
        _ = Dash.update(&s, .key(.esc))
        #expect(s.detail.log.search == nil)
        // Without a search, n is "new run" again.
        _ = Dash.update(&s, .key(.char("n")))
        if case .form? = s.modal {} else { Issue.record("n should open the new-run form") }
    }
}
