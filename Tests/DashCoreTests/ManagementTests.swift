import CaseDevAPI
@testable import DashCore
import Foundation
import Testing

/// Agents, watchers, asynchronous execute and remapped keys.
@Suite struct AgentManagementTests {
    static let full = Agent(id: "agent_discovery", name: "Discovery Analyst", description: "finds things", instructions: "Be thorough.",
                            model: "openai/gpt-5-mini", enabledTools: ["bash"], isActive: true)

    func onDiscovery() -> DashState {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.tab)); _ = Dash.update(&s, .key(.tab))
        _ = Dash.update(&s, .key(.down)); _ = Dash.update(&s, .key(.down))
        return s
    }

    @Test func enterOpensTheAgentDetailWithItsDefinitionAndRuns() {
        var s = onDiscovery()
        let fx = Dash.update(&s, .key(.enter))
        #expect(fx.contains(.fetchAgent("agent_discovery")) && s.modal == .agent(id: "agent_discovery", scroll: 0))
        _ = Dash.update(&s, .agentLoaded(Self.full))
        let text = DashView.render(s).text()
        #expect(text.contains("Be thorough.") && text.contains("Tools on:     bash") && text.contains("E edit · D delete"))
    }

    @Test func editSendsOnlyTheChangedFields() {
        var s = onDiscovery()
        _ = Dash.update(&s, .key(.enter))
        _ = Dash.update(&s, .agentLoaded(Self.full))
        _ = Dash.update(&s, .key(.char("E")))
        guard case .form(let form)? = s.modal else { Issue.record("no form"); return }
        #expect(form.fields[form.focus].key == "name" && form.field("instructions")?.value == "Be thorough.")
        _ = Dash.update(&s, .key(.tab)); _ = Dash.update(&s, .key(.tab))  // instructions
        for c in " Cite sources." { _ = Dash.update(&s, .key(.char(c))) }
        let fx = Dash.update(&s, .key(.enter))
        #expect(fx == [.updateAgent("agent_discovery", UpdateAgentRequest(instructions: "Be thorough. Cite sources."))])
        var renamed = Self.full
        renamed.instructions = "Be thorough. Cite sources."
        _ = Dash.update(&s, .agentUpdated(renamed))
        #expect(s.modal == .agent(id: "agent_discovery", scroll: 0) || s.modal == nil)
        #expect(s.actionLog.entries.last?.line == "update agent Discovery Analyst (instructions): ok")
        // Nothing changed: nothing sent.
        _ = Dash.update(&s, .key(.char("E")))
        #expect(Dash.update(&s, .key(.enter)).isEmpty && s.flash?.text == "Nothing changed: nothing sent")
    }

    @Test func deleteNeedsTheNameTypedWhole() {
        var s = onDiscovery()
        _ = Dash.update(&s, .key(.char("D")))
        #expect(s.modal == .confirmDelete(agentId: "agent_discovery", typed: ""))
        for c in "Discovery" { _ = Dash.update(&s, .key(.char(c))) }
        #expect(Dash.update(&s, .key(.enter)).isEmpty && s.modal == nil)
        _ = Dash.update(&s, .key(.char("D")))
        for c in "Discovery Analyst" { _ = Dash.update(&s, .key(.char(c))) }
        #expect(Dash.update(&s, .key(.enter)) == [.deleteAgent("agent_discovery")])
        _ = Dash.update(&s, .agentDeleted("agent_discovery"))
        #expect(s.runList.agentFilter == nil)
        #expect(s.actionLog.entries.last?.line == "delete agent \"Discovery Analyst\": ok, deleted")
    }

    @Test func readOnlyRefusesEditAndDelete() {
        var s = Fixtures.state(readonly: true)
        _ = Dash.update(&s, .key(.tab)); _ = Dash.update(&s, .key(.tab)); _ = Dash.update(&s, .key(.down))
        #expect(Dash.update(&s, .key(.char("E"))).isEmpty && s.modal == nil)
        _ = Dash.update(&s, .key(.enter))
        _ = Dash.update(&s, .key(.char("D")))
        #expect(s.modal == .agent(id: "agent_contracts", scroll: 0) && s.flash?.text.contains("Read-only") == true)
    }
}

@Suite struct WatcherAndAsyncTests {
    @Test func aWatcherMustBeHttpsAndTheServerAnswerIsShown() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("V")))
        for c in "http://hooks.example.com/x" { _ = Dash.update(&s, .key(.char(c))) }
        #expect(Dash.update(&s, .key(.enter)).isEmpty)
        guard case .form(let form)? = s.modal else { Issue.record("form closed"); return }
        #expect(form.error == "only https URLs are accepted (https://host/path)")
        _ = Dash.update(&s, .key(.ctrl("u")))
        for c in "https://hooks.example.com/x" { _ = Dash.update(&s, .key(.char(c))) }
        #expect(Dash.update(&s, .key(.enter)) == [.watchRun("run_0012abcdefgh", url: "https://hooks.example.com/x")])
        _ = Dash.update(&s, .actionFailed(.watch("run_0012abcdefgh"), "Watch",
                                          CaseDevError(kind: .http(status: 400), message: "callbackUrl must not be a private address")))
        guard case .form(let refused)? = s.modal else { Issue.record("form closed"); return }
        #expect(refused.error?.contains("must not be a private address") == true)
        _ = Dash.update(&s, .key(.enter))
        _ = Dash.update(&s, .runWatched("run_0012abcdefgh", WatchResponse(ok: true, callbackUrl: "https://hooks.example.com/x")))
        #expect(s.modal == nil && s.store.watchers["run_0012abcdefgh"] == "https://hooks.example.com/x")
    }

    @Test func anAsynchronousOneShotIsFollowedAndOtherActionsStayUsable() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("x")))
        for c in "Summarise" { _ = Dash.update(&s, .key(.char(c))) }
        for _ in 0..<3 { _ = Dash.update(&s, .key(.tab)) }
        _ = Dash.update(&s, .key(.char(" ")))  // the agent runtime toggle
        let fx = Dash.update(&s, .key(.enter))
        #expect(fx.contains(.execute(ExecuteRequest(prompt: "Summarise", agentRuntime: true))))
        _ = Dash.update(&s, .executeAnswered(ExecuteResponse(runId: "run_async", agentId: "agent_eph", status: .running)))
        #expect(s.runList.pendingSelection == "run_async" && s.watchlist.contains("run_async") && s.focus == .detail)
    }
}

@Suite struct KeyRemapTests {
    @Test func aRemappedKeyReplacesTheDefaultAndShowsInHelpAndFooter() {
        let (table, problems) = KeyMap.remapped(["cancel": ["C"], "quit": ["q", "ctrl-q"]])
        #expect(problems.isEmpty)
        var s = Fixtures.state(cols: 180, config: DashConfig(endpoint: "x", bindings: table))
        _ = Dash.update(&s, .key(.down))
        _ = Dash.update(&s, .key(.char("c")))
        #expect(s.modal == nil)  // c no longer cancels
        _ = Dash.update(&s, .key(.char("C")))
        #expect(s.modal == .confirmCancel(runIds: ["run_0011abcdefgh"]))
        _ = Dash.update(&s, .key(.esc))
        _ = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(10)))  // the "kept" message goes
        #expect(DashView.render(s).text().contains("C cancel"))
        _ = Dash.update(&s, .key(.char("?")))
        #expect(DashView.render(s).text().contains("C                 cancel the selected"))
        _ = Dash.update(&s, .key(.esc))
        #expect(Dash.update(&s, .key(.ctrl("q"))).contains(.quit))
    }

    @Test func unknownNamesBadKeysAndConflictsAreReportedAndKeepTheDefaults() {
        let (table, problems) = KeyMap.remapped(["frobnicate": ["z"], "refresh": ["ctrl-?"], "sort": ["q"]])
        #expect(problems.count == 3)
        #expect(problems.contains { $0.hasPrefix("keys.frobnicate: no such command") })
        #expect(problems.contains { $0.hasPrefix("keys.refresh: \"ctrl-?\" is not a key") })
        #expect(problems.contains("keys.sort: q is also quit; keeping sort's default keys"))
        #expect(table.first { $0.name == "sort" }?.keys == [.char("s")])
    }
}

@Suite struct ContextSwitchCoreTests {
    @Test func switchingDropsEverythingOfTheOldContextButTheUsersOwn() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char(" ")))
        _ = Dash.update(&s, .key(.char(":")))
        for c in "sort oldest" { _ = Dash.update(&s, .key(.char(c))) }
        _ = Dash.update(&s, .key(.enter))
        _ = Dash.update(&s, .key(.char("e")))
        _ = Dash.update(&s, .runExecuted(RunExecResponse(id: "run_0012abcdefgh", status: .running, workflowId: nil, message: nil)))
        var staging = DashConfig(endpoint: "staging.example.internal", readonly: false)
        staging.context = "staging"
        staging.contexts = ["demo", "prod", "staging"]
        let fx = Dash.update(&s, .contextSwitched(staging))
        #expect(s.runList.runs.isEmpty && !s.runList.loaded && s.runList.marks.isEmpty && s.store.followers.isEmpty)
        #expect(s.store.execSent.isEmpty && s.agentList.agents.isEmpty && s.watchlist.runs.isEmpty)
        #expect(s.actionLog.entries.count == 1 && s.paletteHistory == ["sort oldest"])
        #expect(fx.contains(.fetchRuns(RunQuery(agentId: nil, status: nil, limit: 100))) && fx.contains(.fetchAgents))
        #expect(DashView.render(s).text().contains(" staging  staging.example.internal"))
    }

    @Test func theContextCommandListsAndSwitches() {
        var s = Fixtures.state(config: {
            var c = DashConfig(endpoint: "127.0.0.1:8080", demo: true)
            c.context = "demo"; c.contexts = ["demo", "prod"]
            return c
        }())
        _ = Dash.update(&s, .key(.char(":")))
        for c in "context" { _ = Dash.update(&s, .key(.char(c))) }
        _ = Dash.update(&s, .key(.enter))
        #expect(s.flash?.text == "Contexts: demo (current), prod · :context NAME switches")
        _ = Dash.update(&s, .key(.char(":")))
        for c in "context pr" { _ = Dash.update(&s, .key(.char(c))) }
        _ = Dash.update(&s, .key(.tab))
        #expect(s.prompt?.text == "context prod")
        #expect(Dash.update(&s, .key(.enter)).contains(.switchContext("prod")))
        var prod = DashConfig(endpoint: "api.case.dev")
        prod.context = "prod"
        _ = Dash.update(&s, .contextSwitched(prod))
        let header = DashView.render(s).text().split(separator: "\n")[0]
        #expect(header.contains(" prod  api.case.dev"))
        // Production that can change things is marked in the theme's error colour.
        let g = DashView.render(s)
        #expect((0..<20).contains { g[$0, 0].text == "p" && g[$0, 0].role == .error })
    }
}

@Suite struct QuotaTests {
    @Test func aShortQuotaStretchesPollingListFirstAndSaysWhy() {
        var s = Fixtures.state(cols: 160)
        for r in Fixtures.runs where r.status.isTerminal { s.store.usage[r.id] = Usage() }
        s.poll.inFlight = []
        let reset = Fixtures.t0.addingTimeInterval(40)
        _ = Dash.update(&s, .quotaSeen(RateLimit(limit: 100, remaining: 40, resetAt: reset), at: Fixtures.t0))
        #expect(DashView.render(s).text().contains("quota 40/100"))
        // Under a tenth left: 4 requests must last 40 s, so the list waits 10 s; agents wait for the reset.
        _ = Dash.update(&s, .quotaSeen(RateLimit(limit: 100, remaining: 4, resetAt: reset), at: Fixtures.t0))
        s.poll.inFlight.insert(.runs)
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: Fixtures.runs, hasMore: true, nextCursor: "c"), query: s.query, at: Fixtures.t0))
        #expect(s.poll.nextRunsPoll == Fixtures.t0.addingTimeInterval(10))
        #expect(s.poll.nextAgentsPoll >= reset)
        #expect(DashView.render(s).text().contains("quota 4/100 low: every 10s till reset"))
        // Back to normal once the quota is reset.
        _ = Dash.update(&s, .quotaSeen(RateLimit(limit: 100, remaining: 100, resetAt: nil), at: reset))
        s.poll.inFlight.insert(.runs)
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: Fixtures.runs, hasMore: true, nextCursor: "c"), query: s.query, at: reset))
        #expect(s.poll.nextRunsPoll == reset.addingTimeInterval(2))
        #expect(!DashView.render(s).text().contains("quota"))
    }

    @Test func backfillWaitsWhileHalfTheQuotaIsUsed() {
        var s = Fixtures.state()
        s.poll.inFlight = []
        _ = Dash.update(&s, .quotaSeen(RateLimit(limit: 100, remaining: 30, resetAt: Fixtures.t0.addingTimeInterval(50)), at: Fixtures.t0))
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[0], logs: [:]), at: Fixtures.t0))
        let fx = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(1)))
        #expect(!fx.readsRun(besides: "run_0012abcdefgh"))
    }

    @Test func quotaHeadersAreReadLeniently() {
        let now = Fixtures.t0
        let q = RateLimit.parse(["X-RateLimit-Limit-Requests": "600", "x-ratelimit-remaining-requests": "12",
                                 "x-ratelimit-reset-requests": "1m30s"], now: now)
        #expect(q == RateLimit(limit: 600, remaining: 12, resetAt: now.addingTimeInterval(90)))
        #expect(RateLimit.parse(["x-ratelimit-limit": "50", "x-ratelimit-remaining": "5", "x-ratelimit-reset": "7"], now: now)?.resetAt
                == now.addingTimeInterval(7))
        #expect(RateLimit.parse(["x-ratelimit-limit-requests": "lots", "x-ratelimit-remaining-requests": "1"], now: now) == nil)
        #expect(RateLimit.parse([:], now: now) == nil)
        #expect(RateLimit.parse(["x-ratelimit-limit": "10", "x-ratelimit-remaining": "3", "x-ratelimit-reset": "soon"], now: now)?.resetAt == nil)
    }
}
