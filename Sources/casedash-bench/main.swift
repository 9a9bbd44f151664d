import CaseDevAPI
import DashCore
import Foundation
import RunUsage

// Micro-benchmarks of what the dashboard does on every poll and every frame. Run the release
// build (`swift run -c release casedash-bench`); the debug build costs several times more.
// Timings are printed, never asserted: a test that fails on a slow machine tests the machine.
// This is a small executable rather than ordo-one/benchmark, whose harness and its
// dependencies would add to the package's build on every CI run.

struct Result {
    let name: String
    let samples: [Duration]
    func ms(_ q: Double) -> Double {
        let sorted = samples.sorted()
        let d = sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
        return Double(d.components.seconds) * 1_000 + Double(d.components.attoseconds) / 1e15
    }
}

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

func measure(_ name: String, iterations: Int, _ body: () throws -> Void) rethrows -> Result {
    let clock = ContinuousClock()
    for _ in 0..<max(3, iterations / 10) { try body() }  // warm caches and lazy tables
    var samples: [Duration] = []
    samples.reserveCapacity(iterations)
    for _ in 0..<iterations { samples.append(try clock.measure(body)) }
    return Result(name: name, samples: samples)
}

/// Deterministic data shaped like the demo's: 100 runs of five agents in every status.
enum BenchData {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let agents = ["Contract Reviewer", "Discovery Analyst", "契約レビュー (Tokyo)", "Case Law Researcher", "Deposition Summariser"]
        .enumerated().map { i, name in
            Agent(id: "agent_\(i)bench", name: name, model: "anthropic/claude-sonnet-4.6", isActive: true)
        }
    static let prompts = ["Review the Acme MSA and list every uncapped indemnity", "Find every email about Project Falcon",
                          "Extract all deadlines from the scheduling order", "秘密保持契約の有効期間を確認",
                          "Compare termination clauses across the 2023 and 2024 leases"]

    static func runs(_ count: Int) -> [RunSummary] {
        let statuses: [RunStatus] = [.queued, .running, .running, .completed, .completed, .completed, .failed, .cancelled]
        return (0..<count).map { i in
            let status = statuses[i % statuses.count]
            let created = now.addingTimeInterval(-Double(i) * 37.5)
            let started: Date? = status == .queued ? nil : created.addingTimeInterval(1.25)
            return RunSummary(id: String(format: "run_%08dabcd", i), agentId: agents[i % agents.count].id, status: status,
                              prompt: prompts[i % prompts.count] + " (#\(i))", model: "anthropic/claude-sonnet-4.6",
                              createdAt: created, startedAt: started,
                              completedAt: status.isTerminal ? started.map { $0.addingTimeInterval(95.5) } : nil)
        }
    }

    static func details(_ run: RunSummary, logLines: Int) -> RunDetails {
        let runner = (0..<logLines).map { i in
            "\(ISO8601.format(now.addingTimeInterval(Double(i) * 0.01))) [runner] tool_call read {\"path\":\"/workspace/docs/msa-\(i).pdf\"}"
        }.joined(separator: "\n")
        let linc = (0..<logLines / 10).map { "linc step \($0): reading exhibits" }.joined(separator: "\n")
        let steps = (0..<40).map { i in
            Step(id: "step_\(i)", type: i % 2 == 0 ? "tool_call" : "tool_result", toolName: "bash",
                 toolInput: .object(["command": .string("casedev vault search \(i)")]), timestamp: now.addingTimeInterval(Double(i)))
        }
        let usage = Usage(model: "anthropic/claude-sonnet-4.6", inputTokens: 40_000, outputTokens: 3_200, toolCalls: 12, durationMs: 95_500,
                          summary: UsageSummary(costMicros: 412_000, totalInputTokens: 40_000, totalOutputTokens: 3_200, totalTokens: 43_200),
                          entries: (0..<20).map { i in
                              UsageEntry(id: "use_\(i)", kind: "llm", service: "llm", endpoint: "/llm/v1/chat/completions",
                                         method: "POST", statusCode: 200, costMicros: 9_100, promptTokens: 2_000, completionTokens: 160,
                                         totalTokens: 2_160, model: "anthropic/claude-sonnet-4.6", timestamp: now.addingTimeInterval(Double(i)))
                          })
        return RunDetails(id: run.id, agentId: run.agentId, status: run.status, prompt: run.prompt, model: run.model,
                          provider: "vercel", runtimeState: "running", result: RunResult(logs: ["runner": runner, "linc": linc]),
                          steps: steps, usage: usage, createdAt: run.createdAt, startedAt: run.startedAt)
    }

    /// A dashboard as it looks while watching: agents and a page of runs loaded, a running run
    /// selected with its details and logs.
    static func state(cols: Int, rows: Int) -> DashState {
        var s = DashState(config: DashConfig(endpoint: "127.0.0.1:8080", demo: true), size: Size(cols: cols, rows: rows),
                          now: now, themes: [Theme.builtinDark])
        _ = Dash.update(&s, .tick(now))
        _ = Dash.update(&s, .agentsLoaded(agents, at: now))
        let page = runs(100)
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: page, hasMore: true, nextCursor: page.last?.id), query: s.query, at: now))
        _ = Dash.update(&s, .key(.char("j")))  // the first running run
        if let selected = s.selectedRun {
            _ = Dash.update(&s, .detailsLoaded(details(selected, logLines: 200), at: now))
        }
        _ = Dash.update(&s, .tick(now.addingTimeInterval(0.5)))
        Dash.prepareFrame(&s)  // as the runtime does before each frame
        return s
    }
}

let encoder = JSONEncoder.caseDev
let pageBody = try encoder.encode(RunPage(runs: BenchData.runs(100), hasMore: true, nextCursor: "run_00000099abcd"))
// The page as polls see it through the client's RunPageDecoder: every run as on the last poll,
// one run changed since it (a counter in its prompt, new on each of the 1,100 calls the measure
// makes), or a decoder that has seen none of them (the first poll, or another filter).
let seenPages = RunPageDecoder()
_ = try seenPages.decode(pageBody)
let changedPages = RunPageDecoder()
var changedRuns = BenchData.runs(100)
changedRuns[3].prompt += " @@@@@@"
let changingTemplate = try encoder.encode(RunPage(runs: changedRuns, hasMore: true, nextCursor: "run_00000099abcd"))
let changingMark = changingTemplate.range(of: Data("@@@@@@".utf8))!
let changingBodies = (0..<1_200).map { i in
    var body = changingTemplate
    body.replaceSubrange(changingMark, with: Data(String(format: "%06d", i).utf8))
    return body
}
_ = try changedPages.decode(changingBodies[0])
var changing = changingBodies.dropFirst().makeIterator()
let detailsBody = try encoder.encode(BenchData.details(BenchData.runs(2)[1], logLines: 10_000))
let backfillBody = try encoder.encode(BenchData.details(BenchData.runs(8)[5], logLines: 20))
let bigBody = try encoder.encode(BenchData.details(BenchData.runs(2)[1], logLines: 100_000))
let bigRunner = try JSONDecoder.caseDev.decode(RunDetails.self, from: bigBody).result?.logs?["runner"]?.utf8.count ?? 0
let small = BenchData.state(cols: 120, rows: 40)
// The same dashboard with every finished run's cost known (the back-fill done), for the totals.
var costed = small
let costRecords = BenchData.runs(100).filter(\.status.isTerminal).map { run in
    UsageRecord(run: run, usage: Usage(model: run.model, inputTokens: 40_000, outputTokens: 3_200, toolCalls: 12,
                                       summary: UsageSummary(costMicros: 412_000, totalInputTokens: 40_000, totalOutputTokens: 3_200, totalTokens: 43_200)))
}
_ = Dash.update(&costed, .usageRecordsLoaded(costRecords))
let large = BenchData.state(cols: 250, rows: 80)
// A frame of the running dashboard: the agents and usage panes kept from the frame before.
var smallMemo = PaneMemo(), largeMemo = PaneMemo()
_ = DashView.render(small, memo: &smallMemo)
_ = DashView.render(large, memo: &largeMemo)

let results = [
    measure("frame 120x40 (DashView.render)", iterations: 2_000) { blackHole(DashView.render(small)) },
    measure("frame 250x80 (DashView.render)", iterations: 1_000) { blackHole(DashView.render(large)) },
    measure("  120x40, agents and usage panes kept", iterations: 2_000) { blackHole(DashView.render(small, memo: &smallMemo)) },
    measure("  250x80, agents and usage panes kept", iterations: 1_000) { blackHole(DashView.render(large, memo: &largeMemo)) },
    try measure("run-list page, 100 runs (\(pageBody.count / 1024) KiB) decoded", iterations: 2_000) {
        blackHole(try JSONDecoder.caseDev.decode(RunPage.self, from: pageBody))
    },
    try measure("  the same through RunPageDecoder, all seen", iterations: 2_000) {
        blackHole(try seenPages.decode(pageBody))
    },
    try measure("  the same through RunPageDecoder, one changed", iterations: 1_000) {
        blackHole(try changedPages.decode(changing.next()!))
    },
    try measure("  the same through RunPageDecoder, none seen", iterations: 500) {
        blackHole(try RunPageDecoder().decode(pageBody))
    },
    try measure("details, 10,000 log lines (\(detailsBody.count / 1024) KiB) decoded", iterations: 100) {
        blackHole(try JSONDecoder.caseDev.decode(RunDetails.self, from: detailsBody))
    },
    // A run read whole, logs skipped, then applied: the back-fill of a run seen while it ran
    // (the back-fill of every other run read it so until RunCost).
    try measure("back-fill: details (\(backfillBody.count / 1024) KiB) read and applied", iterations: 1_000) {
        var s = small
        let read = try DetailsRead.parse(backfillBody, logs: .none)
        blackHole(Dash.update(&s, .detailsRead(read, at: BenchData.now)))
    },
    // The token back-fill as it is now: a finished run read for its cost only, then applied.
    try measure("back-fill: cost (\(backfillBody.count / 1024) KiB) read and applied", iterations: 1_000) {
        var s = small
        blackHole(Dash.update(&s, .costRead(try RunCost.parse(backfillBody), at: BenchData.now)))
    },
    // What a new cost costs the next frame: the record taken in, the totals over 100 runs again.
    measure("usage totals, 100 runs (a record in, totals again)", iterations: 2_000) {
        _ = Dash.update(&costed, .usageRecordsLoaded([costRecords[0]]))
        Dash.prepareFrame(&costed)
    },
    // A followed run's periodic read: 100,000 lines, all but the last 100 known.
    try measure("details, 100,000 lines (\(bigBody.count >> 20) MiB), new 100 kept", iterations: 20) {
        blackHole(try DetailsRead.parse(bigBody, logs: LogsWanted(from: ["runner": bigRunner - 8_000, "linc": 0], lastLines: 10_000)))
    },
]

#if DEBUG
print("casedash-bench (DEBUG build: figures are not representative; use swift run -c release casedash-bench)")
#else
print("casedash-bench (release build)")
#endif
for r in results {
    print(r.name.padding(toLength: 52, withPad: " ", startingAt: 0)
          + String(format: " median %8.3f ms   p90 %8.3f ms   min %8.3f ms   (%d runs)", r.ms(0.5), r.ms(0.9), r.ms(0), r.samples.count))
}

// CASEDASH_BENCH_FRAME=1 prints the benchmarked 120x40 frame, to see what is measured.
if ProcessInfo.processInfo.environment["CASEDASH_BENCH_FRAME"] == "1" { print(DashView.render(small).text()) }
