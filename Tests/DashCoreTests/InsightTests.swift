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
