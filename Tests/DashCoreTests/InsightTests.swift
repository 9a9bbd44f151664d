import CaseDevAPI
@testable import DashCore
import Foundation
import RunUsage
import Testing

/// Run insight: the step waterfall, run diffs, agent health.
@Suite struct WaterfallTests {
    static let t0 = Fixtures.t0

    static func entry(_ at: Double, tokens: Int, cost: Int) -> UsageEntry {
        UsageEntry(id: "u\(at)", kind: "llm", service: "llm", endpoint: nil, method: nil, statusCode: 200, costMicros: cost,
                   promptTokens: tokens, completionTokens: 0, totalTokens: tokens, model: "m", timestamp: t0.addingTimeInterval(at))
    }

    static var details: RunDetails {
        let steps = [
            Step(id: "s1", type: "thinking", content: "Plan the review", timestamp: t0.addingTimeInterval(0)),
            Step(id: "s2", type: "tool_call", toolName: "bash", toolInput: .object(["command": .string("ls")]), timestamp: t0.addingTimeInterval(2)),
            Step(id: "s3", type: "tool_result", toolName: "bash", toolOutput: .object(["error": .string("boom")]), durationMs: 3_000,
                 timestamp: t0.addingTimeInterval(5)),
            Step(id: "s4", type: "output", content: "Done", durationMs: 1_000, timestamp: t0.addingTimeInterval(10)),
        ]
        let entries = [entry(1, tokens: 100, cost: 1_000), entry(2, tokens: 50, cost: 500),  // the boundary belongs to the later step
                       entry(9, tokens: 7, cost: 70),                                           // between steps (s3 ends at 8)
                       entry(-1, tokens: 3, cost: 30)]                                          // before the run
        return RunDetails(id: "run_w", agentId: "a", status: .failed, prompt: "p", steps: steps,
                          usage: Usage(model: "m", summary: UsageSummary(costMicros: 1_600, totalInputTokens: 160, totalOutputTokens: 0,
                                                                         totalTokens: 160), entries: entries),
                          startedAt: t0, completedAt: t0.addingTimeInterval(12))
    }

    @Test func entriesLandInTheStepWhoseWindowHoldsThem() {
        let w = StepWaterfall.build(Self.details, now: Self.t0.addingTimeInterval(60))
        #expect(w.rows.map(\.start) == [0, 2, 5, 10])
        #expect(w.rows.map(\.duration) == [2, 3, 3, 1])
        #expect(w.rows.map(\.tokens) == [100, 50, 0, 0])
        #expect(w.unattributedTokens == 10 && w.unattributedCostMicros == 100)
        #expect(w.costMicros == 1_600 && w.span == 12)
        #expect(w.firstFailure?.step.id == "s3")
        #expect(w.ordered(.duration).map(\.step.id) == ["s2", "s3", "s1", "s4"])
        #expect(w.ordered(.cost).first?.step.id == "s1")
    }

    @Test func theStepsTabDrawsTheWaterfallAndEnterOpensAStep() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.down))
        var d = Self.details
        d.id = "run_0011abcdefgh"
        _ = Dash.update(&s, .detailsLoaded(d, at: Self.t0))
        _ = Dash.update(&s, .key(.enter)); _ = Dash.update(&s, .key(.right))
        #expect(s.detail.tab == .steps)
        let text = DashView.render(s).text()
        #expect(text.contains("$0.000 not in any step") || text.contains("not in any step"))
        #expect(text.contains("✗ bash {\"error\":\"boom\"}"))
        _ = Dash.update(&s, .key(.char("F")))
        #expect(s.detail.stepCursor == 2)
        _ = Dash.update(&s, .key(.enter))
        #expect(s.modal == .step(index: 2, scroll: 0))
        #expect(DashView.render(s).text().contains("\"error\" : \"boom\""))
        _ = Dash.update(&s, .key(.esc))
        _ = Dash.update(&s, .key(.char("s")))
        #expect(s.detail.stepOrder == .duration)
    }
}

@Suite struct RunDiffTests {
    static func run(_ id: String, steps: [(String, String?)], output: String, cost: Int) -> RunDetails {
        let t0 = Fixtures.t0
        let st = steps.enumerated().map { i, s in Step(id: "\(id)\(i)", type: s.0, toolName: s.1, durationMs: 1_000 * (i + 1),
                                                       timestamp: t0.addingTimeInterval(Double(i * 2))) }
        var d = RunDetails(id: id, agentId: "a", status: .completed, prompt: "p", result: RunResult(output: output), steps: st,
                           usage: Usage(summary: UsageSummary(costMicros: cost, totalInputTokens: 10, totalOutputTokens: 1, totalTokens: 11)),
                           startedAt: t0, completedAt: t0.addingTimeInterval(20))
        d.model = "m"
        return d
    }

    @Test func stepsAlignByKindAndToolAndTheOutputIsDiffedByWord() {
        let a = Self.run("run_a", steps: [("thinking", nil), ("tool_call", "bash"), ("tool_call", "read"), ("output", nil)],
                         output: "Findings\nUncapped indemnity in 9.2\nDone", cost: 1_000)
        let b = Self.run("run_b", steps: [("thinking", nil), ("tool_call", "bash"), ("tool_call", "grep"), ("output", nil)],
                         output: "Findings\nCapped indemnity in 9.2\nDone\nExtra", cost: 3_000)
        let d = RunDiff.make(a, b, now: Fixtures.t0)
        let kinds = d.steps.map { p -> String in
            switch p { case .same: "="; case .removed: "-"; case .added: "+" }
        }
        #expect(kinds == ["=", "=", "-", "+", "="])
        guard case .changed(let old, let new) = d.output[1] else { Issue.record("no changed line: \(d.output)"); return }
        #expect(old.filter(\.1).map(\.0) == ["Uncapped"] && new.filter(\.1).map(\.0) == ["Capped"])
        #expect(d.output.last == .added("Extra"))
        #expect(d.b.costMicros - d.a.costMicros == 2_000)
    }

    @Test func dComparesExactlyTwoMarkedRuns() {
        var s = Fixtures.state()
        #expect(Dash.update(&s, .key(.char("d"))).isEmpty && s.flash?.isError == true)
        _ = Dash.update(&s, .key(.char(" "))); _ = Dash.update(&s, .key(.char(" ")))
        let fx = Dash.update(&s, .key(.char("d")))
        #expect(s.modal == .diff(a: "run_0012abcdefgh", b: "run_0011abcdefgh", scroll: 0))
        for id in ["run_0012abcdefgh", "run_0011abcdefgh"] {  // fetched now, or already on its way
            #expect(fx.contains(.fetchDetails(id)) || s.poll.inFlight.contains(.details(id)))
        }
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[0], logs: [:]), at: Fixtures.t0))
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: [:]), at: Fixtures.t0))
        let text = DashView.render(s).text()
        #expect(text.contains("A 0012abcd vs B 0011abcd") && text.contains("different agents"))
        _ = Dash.update(&s, .key(.esc))
        #expect(s.modal == nil)
    }
}

@Suite struct AgentHealthTests {
    @Test func percentilesAndRatesOverTheKnownRuns() {
        #expect(AgentHealth.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5) == 5)
        #expect(AgentHealth.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95) == 10)
        #expect(AgentHealth.percentile([Int](), 0.5) == nil)
        let now = Fixtures.t0
        func sample(_ st: RunStatus, ago: Double, dur: Double) -> AgentHealth.Sample {
            AgentHealth.Sample(status: st, duration: dur, ended: now.addingTimeInterval(-ago), tokens: Int(dur) * 10, cost: Int(dur) * 100)
        }
        // Eight good runs long ago, then two of three failing in the last hour.
        let runs = (0..<8).map { sample(.completed, ago: 7_200 + Double($0), dur: 60) }
            + [sample(.failed, ago: 600, dur: 30), sample(.failed, ago: 300, dur: 20), sample(.completed, ago: 100, dur: 90)]
        let h = AgentHealth.make("a", runs, now: now)
        #expect(h.runs == 11 && h.completed == 9 && h.failed == 2)
        #expect(h.p50 == 60 && h.p95 == 90)
        #expect(h.lastFailure == now.addingTimeInterval(-300))
        #expect(h.worsening)  // 1 of 3 in the last hour against 9 of 11 overall
    }

    @Test func theHealthTableOpensSortsAndEnterFiltersByTheAgent() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("h")))
        #expect(s.modal == .health(cursor: 0, sort: .runs))
        #expect(DashView.render(s).text().contains("Agent health"))
        _ = Dash.update(&s, .key(.char("s")))
        #expect(s.modal == .health(cursor: 0, sort: .success))
        _ = Dash.update(&s, .key(.char("s")))  // by failures: Discovery Analyst has the failed run
        _ = Dash.update(&s, .key(.enter))
        #expect(s.modal == nil && s.runList.agentFilter == "agent_discovery")
    }
}

@Suite struct GuardTests {
    static func config(cancel: Bool, readonly: Bool = false) -> DashConfig {
        var c = DashConfig(endpoint: "x", readonly: readonly)
        var g = GuardRules()
        g.maxCostMicros = 1_000_000
        g.repeatedToolCalls = 3
        g.cancel = cancel
        c.guards = g
        return c
    }

    static func looping(_ run: RunSummary, calls: Int, cost: Int) -> RunDetails {
        var d = Fixtures.details(run, logs: [:])
        d.steps = (0..<calls).map { i in Step(id: "c\(i)", type: "tool_call", toolName: "bash", toolInput: .object(["command": .string("ls")]),
                                               timestamp: Fixtures.t0.addingTimeInterval(Double(i))) }
        d.usage = Usage(summary: UsageSummary(costMicros: cost, totalInputTokens: 1, totalOutputTokens: 1, totalTokens: 2))
        return d
    }

    @Test func aBreachIsAnnouncedOnceAndCancelsOnce() {
        var s = Fixtures.state(config: Self.config(cancel: true))
        let run = Fixtures.runs[1]  // running
        let fx = Dash.update(&s, .detailsLoaded(Self.looping(run, calls: 4, cost: 200_000), at: Fixtures.t0))
        #expect(fx.filter { $0 == .cancelRun(run.id) }.count == 1)
        #expect(fx.contains { if case .notifyTerminal(let t) = $0 { t.contains("repeated_tool_calls") } else { false } })
        #expect(s.guards.breached(run.id) && s.guards.cancelled == [run.id])
        #expect(s.actionLog.entries.contains { $0.what == "guard repeated_tool_calls" })
        // Again, and with another rule tripping: announced, but never a second cancel.
        let again = Dash.update(&s, .detailsLoaded(Self.looping(run, calls: 6, cost: 2_000_000), at: Fixtures.t0))
        #expect(!again.contains(.cancelRun(run.id)))
        #expect(again.contains { if case .notifyTerminal(let t) = $0 { t.contains("max_run_cost_usd") } else { false } })
        let third = Dash.update(&s, .detailsLoaded(Self.looping(run, calls: 7, cost: 3_000_000), at: Fixtures.t0))
        #expect(!third.contains { if case .notifyTerminal = $0 { true } else { false } })
        #expect(DashView.render(s).text().contains("GUARDS CANCEL"))
    }

    @Test func readOnlyOrWithoutCancelGuardsOnlyNotify() {
        for config in [Self.config(cancel: true, readonly: true), Self.config(cancel: false)] {
            var s = Fixtures.state(config: config)
            let fx = Dash.update(&s, .detailsLoaded(Self.looping(Fixtures.runs[1], calls: 5, cost: 0), at: Fixtures.t0))
            #expect(!fx.contains { if case .cancelRun = $0 { true } else { false } })
            #expect(s.guards.breached(Fixtures.runs[1].id))
        }
    }

    @Test func runningRunsAreCheckedRoundRobinAtMostOnceAnIntervalOnlyWithPerRunGuards() {
        func extra(_ config: DashConfig) -> [String] {
            var s = Fixtures.state(config: config)
            for r in Fixtures.runs where r.status.isTerminal { s.store.usage[r.id] = Usage() }
            s.poll.inFlight = []
            var asked: [String] = []
            for t in stride(from: 0.0, to: 10, by: 0.5) {
                var queue = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(t)))
                while let effect = queue.first {
                    queue.removeFirst()
                    guard case .fetchDetails(let id, _) = effect else { continue }
                    if id != s.runList.selectedRunId { asked.append(id) }
                    queue += Dash.update(&s, .detailsLoaded(Fixtures.details(s.runList.runs.first { $0.id == id }!, logs: [:]),
                                                            at: Fixtures.t0.addingTimeInterval(t)))
                }
                s.poll.inFlight.formIntersection([.agents])
            }
            return asked
        }
        let guarded = extra(Self.config(cancel: false))
        #expect(Set(guarded) == ["run_0011abcdefgh", "run_0010abcdefgh"])  // both running runs, in turn
        #expect(guarded.count <= 5)  // at most one an interval (2 s) over 10 s
        #expect(extra(DashConfig(endpoint: "x")).isEmpty)
    }

    @Test func anAgentFailingTooOftenIsAnnouncedOnce() {
        var c = DashConfig(endpoint: "x")
        c.guards.failureRate = 0.3
        var s = Fixtures.state(config: c)
        let failing = (0..<6).map { Fixtures.run(50 + $0, $0 < 3 ? .failed : .completed, agent: "agent_tokyo", ageSeconds: 100 + Double($0)) }
        let fx = Dash.update(&s, .runsLoaded(RunPage(runs: failing + Fixtures.runs, hasMore: true, nextCursor: "c"), query: s.query, at: Fixtures.t0))
        #expect(fx.contains { if case .notifyTerminal(let t) = $0 { t.contains("failure_rate") && t.contains("Tokyo") } else { false } })
        let again = Dash.update(&s, .runsLoaded(RunPage(runs: failing + Fixtures.runs, hasMore: true, nextCursor: "c"), query: s.query, at: Fixtures.t0))
        #expect(!again.contains { if case .notifyTerminal = $0 { true } else { false } })
    }
}
