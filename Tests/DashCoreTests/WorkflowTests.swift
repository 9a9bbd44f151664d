import CaseDevAPI
@testable import DashCore
import Foundation
import Testing

/// The operator's workflow: notifications, the action log, marks and bulk actions, the command
/// palette, rerun, copy and the mouse.
@Suite struct NotificationTests {
    func page(_ runs: [RunSummary]) -> DashEvent {
        .runsLoaded(RunPage(runs: runs, hasMore: true, nextCursor: "c"), query: RunQuery(agentId: nil, status: nil, limit: 100),
                    at: Fixtures.t0)
    }

    func finished(_ runs: [RunSummary], _ id: String, _ status: RunStatus) -> [RunSummary] {
        runs.map { r in var r = r; if r.id == id { r.status = status; r.completedAt = Fixtures.t0 }; return r }
    }

    @Test func aRunStartedHereIsAnnouncedWhenItEndsWhateverIsShown() {
        var s = Fixtures.state()
        let created = RunCreated(id: "run_0010abcdefgh", agentId: "agent_discovery", status: .queued, objectIds: nil, createdAt: Fixtures.t0)
        _ = Dash.update(&s, .runCreated(created, exec: nil))
        #expect(s.watchlist.contains("run_0010abcdefgh"))
        _ = Dash.update(&s, .key(.char("?")))  // another view on top
        let fx = Dash.update(&s, page(finished(Fixtures.runs, "run_0010abcdefgh", .completed)))
        #expect(fx.contains(.notifyTerminal("casedash: Run 0010abcd (Discovery Analyst) completed")))
        #expect(s.flash?.text == "Run 0010abcd (Discovery Analyst) completed")
        // Once only.
        let again = Dash.update(&s, page(finished(Fixtures.runs, "run_0010abcdefgh", .completed)))
        #expect(!again.contains { if case .notifyTerminal = $0 { true } else { false } })
    }

    @Test func otherRunsAreSilentUnlessWatchedOrFailingWithNotifyOnFailure() {
        var s = Fixtures.state()
        var fx = Dash.update(&s, page(finished(Fixtures.runs, "run_0011abcdefgh", .failed)))
        #expect(!fx.contains { if case .notifyTerminal = $0 { true } else { false } })
        var t = Fixtures.state(config: DashConfig(endpoint: "x", notifyOnFailure: true))
        fx = Dash.update(&t, page(finished(Fixtures.runs, "run_0011abcdefgh", .failed)))
        #expect(fx.contains(.notifyTerminal("casedash: Run 0011abcd (Contract Reviewer) failed")))
        // b watches the selected run, and shows it on its row.
        var u = Fixtures.state()
        _ = Dash.update(&u, .key(.down)); _ = Dash.update(&u, .key(.down))  // run 10, running
        _ = Dash.update(&u, .key(.char("b")))
        #expect(u.watchlist.contains("run_0010abcdefgh"))
        #expect(DashView.render(u).text().contains("▶ running ⚑"))
        fx = Dash.update(&u, page(finished(Fixtures.runs, "run_0010abcdefgh", .cancelled)))
        #expect(fx.contains(.notifyTerminal("casedash: Run 0010abcd (Discovery Analyst) cancelled")))
        _ = Dash.update(&u, .key(.up)); _ = Dash.update(&u, .key(.char("b"))); _ = Dash.update(&u, .key(.char("b")))
        #expect(!u.watchlist.contains("run_0011abcdefgh"))
    }
}

@Suite struct ActionLogTests {
    @Test func everyChangeIsRecordedWithItsOutcomeAndShortText() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("n")))
        let long = String(repeating: "analyse ", count: 30) + "sk_case_SECRETSECRETSECRET"
        for c in long { _ = Dash.update(&s, .key(.char(c))) }
        _ = Dash.update(&s, .key(.enter))
        let fx = Dash.update(&s, .actionFailed(.createRun, "Create run", CaseDevError(kind: .http(status: 422), message: "prompt too long")))
        guard let entry = s.actionLog.entries.last else { Issue.record("nothing recorded"); return }
        #expect(!entry.ok && entry.outcome == "HTTP 422: prompt too long")
        #expect(entry.what == "create and exec run" && entry.target.hasPrefix("for 契約レビュー (Tokyo): \"analyse analyse"))
        #expect(entry.target.count < 120 && !entry.target.contains("SECRET"))
        #expect(fx.contains(.recordAction(entry.line)))
        _ = Dash.update(&s, .key(.esc))
        _ = Dash.update(&s, .key(.char("e")))
        _ = Dash.update(&s, .runExecuted(RunExecResponse(id: "run_0012abcdefgh", status: .running, workflowId: nil, message: nil)))
        #expect(s.actionLog.entries.last?.line == "exec run 0012abcd: ok, running")
        _ = Dash.update(&s, .key(.char("H")))
        let text = DashView.render(s).text()
        #expect(text.contains("Action log (2)") && text.contains("ok    exec run 0012abcd: ok, running"))
        #expect(text.contains("FAIL  create and exec run"))
    }
}

@Suite struct MarkTests {
    func marked(_ n: Int, readonly: Bool = false) -> DashState {
        var s = Fixtures.state(readonly: readonly)
        for _ in 0..<n { _ = Dash.update(&s, .key(.char(" "))) }
        return s
    }

    @Test func spaceMarksAndMovesDownAndMarksSurviveRefreshes() {
        var s = marked(3)
        #expect(s.runList.marks == ["run_0012abcdefgh", "run_0011abcdefgh", "run_0010abcdefgh"])
        #expect(s.runList.selectedRunId == "run_0009abcdefgh")
        #expect(DashView.render(s).text().contains("3 marked"))
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: Fixtures.runs, hasMore: true, nextCursor: "c"), query: s.query, at: Fixtures.t0))
        #expect(s.runList.marks.count == 3)
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: Array(Fixtures.runs.dropFirst()), hasMore: true, nextCursor: "c"), query: s.query,
                                        at: Fixtures.t0))
        #expect(s.runList.marks == ["run_0011abcdefgh", "run_0010abcdefgh"])  // run 12 left the list
        _ = Dash.update(&s, .key(.char("U")))
        #expect(s.runList.marks.isEmpty)
        // Marking changes nothing on the server: it works read-only.
        #expect(marked(2, readonly: true).runList.marks.count == 2)
    }

    @Test func cancelAsksOnceForEveryMarkedActiveRunAndReportsOnce() {
        var s = marked(4)  // 12 queued, 11 running, 10 running, 9 failed
        _ = Dash.update(&s, .key(.char("c")))
        #expect(s.modal == .confirmCancel(runIds: ["run_0012abcdefgh", "run_0011abcdefgh", "run_0010abcdefgh"]))
        #expect(DashView.render(s).text().contains("Cancel these 3 runs"))
        let fx = Dash.update(&s, .key(.char("y")))
        #expect(fx.filter { if case .cancelRun = $0 { true } else { false } }.count == 3)
        // A second c while they are on their way sends nothing again.
        _ = Dash.update(&s, .key(.char("c")))
        #expect(Dash.update(&s, .key(.char("y"))).filter { if case .cancelRun = $0 { true } else { false } }.isEmpty)
        _ = Dash.update(&s, .runCancelled(CancelResponse(id: "run_0012abcdefgh", status: .cancelled, message: nil)))
        _ = Dash.update(&s, .runCancelled(CancelResponse(id: "run_0011abcdefgh", status: .cancelled, message: nil)))
        #expect(s.bulk != nil)
        _ = Dash.update(&s, .actionFailed(.run("run_0010abcdefgh"), "Cancel run", CaseDevError(kind: .http(status: 500), message: "boom")))
        #expect(s.bulk == nil)
        #expect(s.flash?.text == "Cancelled 2, 1 already finished, 1 failed: 0010abcd HTTP 500")
        #expect(s.actionLog.entries.count == 3)
    }

    @Test func executeStartsEveryMarkedQueuedRunOnceAndReadonlyRefuses() {
        var s = marked(2)  // 12 queued, 11 running
        let fx = Dash.update(&s, .key(.char("e")))
        #expect(fx.filter { if case .execRun = $0 { true } else { false } } == [.execRun("run_0012abcdefgh")])
        _ = Dash.update(&s, .runExecuted(RunExecResponse(id: "run_0012abcdefgh", status: .running, workflowId: nil, message: nil)))
        #expect(s.flash?.text == "Started 1, 1 not queued")
        var r = marked(2, readonly: true)
        #expect(Dash.update(&r, .key(.char("c"))).isEmpty && r.modal == nil)
    }
}

@Suite struct PaletteTests {
    func type(_ s: inout DashState, _ text: String) -> [DashEffect] {
        _ = Dash.update(&s, .key(.char(":")))
        for c in text { _ = Dash.update(&s, .key(.char(c))) }
        return Dash.update(&s, .key(.enter))
    }

    @Test func commandsChangeTheViewAndBadOnesSayWhy() {
        var s = Fixtures.state()
        _ = type(&s, "agent disc")
        #expect(s.runList.agentFilter == "agent_discovery")
        _ = type(&s, "agent cntrv")  // fuzzy: the letters in order
        #expect(s.runList.agentFilter == "agent_contracts")
        _ = type(&s, "status failed")
        #expect(s.runList.statusFilter == .failed)
        _ = type(&s, "sort tokens")
        #expect(s.runList.sort == .tokens)
        _ = type(&s, "interval 5")
        #expect(s.prefs.interval == 5)
        _ = type(&s, "frobnicate")
        #expect(s.prompt?.problem?.hasPrefix("unknown command \"frobnicate\"") == true)
        _ = Dash.update(&s, .key(.esc))
        _ = type(&s, "status sideways")
        #expect(s.prompt?.problem?.hasPrefix("no status \"sideways\"") == true && s.runList.statusFilter == .failed)
        _ = Dash.update(&s, .key(.esc))
        _ = type(&s, "log")
        #expect(s.modal == .actionLog(scroll: 0))
    }

    @Test func tabCompletesAndHistoryComesBack() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char(":")))
        for c in "ag" { _ = Dash.update(&s, .key(.char(c))) }
        _ = Dash.update(&s, .key(.tab))
        #expect(s.prompt?.text == "agent ")
        for c in "Dis" { _ = Dash.update(&s, .key(.char(c))) }
        _ = Dash.update(&s, .key(.tab))
        #expect(s.prompt?.text == "agent Discovery Analyst")
        _ = Dash.update(&s, .key(.enter))
        _ = type(&s, "sort oldest")
        _ = Dash.update(&s, .key(.char(":")))
        _ = Dash.update(&s, .key(.up))
        #expect(s.prompt?.text == "sort oldest")
        _ = Dash.update(&s, .key(.up))
        #expect(s.prompt?.text == "agent Discovery Analyst")
    }

    @Test func runJumpsToALoadedRunOrLooksUpAFullId() {
        var s = Fixtures.state()
        _ = type(&s, "run 0008")
        #expect(s.runList.selectedRunId == "run_0008abcdefgh" && s.focus == .detail)
        let fx = type(&s, "run run_elsewhere123")
        #expect(fx.contains(.lookupRun("run_elsewhere123")))
        _ = Dash.update(&s, .runLookedUp(RunStatusInfo(id: "run_elsewhere123", status: .completed, startedAt: Fixtures.t0,
                                                       completedAt: Fixtures.t0, durationMs: 1)))
        #expect(s.runList.selectedRunId == "run_elsewhere123" && s.runList.runs.first?.id == "run_elsewhere123")
        // It stays listed across a refresh while it is looked at.
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: Fixtures.runs, hasMore: true, nextCursor: "c"), query: s.query, at: Fixtures.t0))
        #expect(s.runList.runs.contains { $0.id == "run_elsewhere123" } && s.runList.selectedRunId == "run_elsewhere123")
        _ = Dash.update(&s, .runLookupFailed("run_nosuchrun000", CaseDevError(kind: .http(status: 404), message: "Run not found")))
        #expect(s.flash?.text == "No run run_nosuchrun000 on the server")
    }
}

@Suite struct RerunAndCopyTests {
    @Test func rerunFillsTheFormFromTheRunAndCreatesANewRun() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.down))
        var d = Fixtures.details(Fixtures.runs[1], logs: [:])
        d.guidance = "cite the clause"
        _ = Dash.update(&s, .detailsLoaded(d, at: Fixtures.t0))
        _ = Dash.update(&s, .key(.char("R")))
        guard case .form(let form)? = s.modal else { Issue.record("no form"); return }
        #expect(form.field("prompt")?.value == Fixtures.runs[1].prompt && form.field("guidance")?.value == "cite the clause")
        #expect(form.field("agent")?.selected == 0)  // Contract Reviewer
        let fx = Dash.update(&s, .key(.enter))
        #expect(fx.contains(.createRun(CreateRunRequest(agentId: "agent_contracts", prompt: Fixtures.runs[1].prompt,
                                                        guidance: "cite the clause", model: "anthropic/claude-sonnet-4.6"), execute: true)))
        #expect(!fx.contains(.execRun("run_0011abcdefgh")))
    }

    @Test func copyGoesThroughTheTerminalUnlessTurnedOff() {
        var s = Fixtures.state()
        #expect(Dash.update(&s, .key(.char("y"))) == [.copy("run_0012abcdefgh")])
        #expect(s.flash?.text.hasPrefix("Copied run id run_0012abcdefgh") == true)
        _ = Dash.update(&s, .key(.down))
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: ["runner": "one\ntwo"]), at: Fixtures.t0))
        #expect(Dash.update(&s, .key(.char("Y"))) == [.copy("one\ntwo")])
        var off = Fixtures.state(config: DashConfig(endpoint: "x", clipboard: false))
        #expect(Dash.update(&off, .key(.char("y"))).isEmpty && off.flash?.isError == true)
    }
}

@Suite struct MouseTests {
    @Test func clicksSelectRowsAgentsTabsAndStreamsAndTheWheelScrolls() {
        var s = Fixtures.state()
        let runs = s.layout.runs
        _ = Dash.update(&s, .mouse(MouseEvent(x: runs.x + 10, y: runs.y + 2 + 3, kind: .press)))
        #expect(s.runList.selectedRunId == "run_0009abcdefgh" && s.focus == .runs)
        let agents = s.layout.agents.inner
        _ = Dash.update(&s, .mouse(MouseEvent(x: agents.x + 3, y: agents.y + 4, kind: .press)))  // the second agent
        #expect(s.runList.agentFilter == "agent_discovery" && s.focus == .agents)
        s = Fixtures.state()
        _ = Dash.update(&s, .key(.down))
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: ["runner": Fixtures.runnerLog, "linc": "l"]), at: Fixtures.t0))
        let bar = s.layout.detail.inner
        _ = Dash.update(&s, .mouse(MouseEvent(x: bar.x + 10, y: bar.y, kind: .press)))  // " Steps "
        #expect(s.detail.tab == .steps && s.focus == .detail)
        _ = Dash.update(&s, .mouse(MouseEvent(x: bar.x + 2, y: bar.y, kind: .press)))
        #expect(s.detail.tab == .logs)
        let text = DashView.render(s).text().split(separator: "\n")[bar.y]
        guard let lincAt = text.range(of: "linc ") else { Issue.record("no linc in the tab bar: \(text)"); return }
        let column = text.distance(from: text.startIndex, to: lincAt.lowerBound)
        _ = Dash.update(&s, .mouse(MouseEvent(x: column + 1, y: bar.y, kind: .press)))
        #expect(s.detail.log.source == .stream("linc"))
        _ = Dash.update(&s, .mouse(MouseEvent(x: bar.x + 2, y: bar.y + 2, kind: .wheelUp)))
        _ = Dash.update(&s, .key(.char("l")))  // back to All, then runner
        _ = Dash.update(&s, .key(.char("l")))
        _ = Dash.update(&s, .mouse(MouseEvent(x: bar.x + 2, y: bar.y + 2, kind: .wheelUp)))
        #expect(!s.detail.log.follow)
        _ = Dash.update(&s, .mouse(MouseEvent(x: runs.x + 10, y: runs.y + 3, kind: .wheelDown)))
        #expect(s.focus == .runs && s.runList.selectedRunId == "run_0008abcdefgh")
    }
}
