import ArgumentParser
import CaseDevAPI
import Foundation
import RunUsage
import Synchronization

/// `casedash usage`: token and cost totals over the runs in range, from the on-disk usage cache
/// and the details of the finished runs it does not hold yet (fetched at most 4 at a time).
struct UsageCommand: ScriptCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Token and cost totals over runs, optionally per agent, model or day.",
        discussion: """
            A finished run's usage is kept in $XDG_CACHE_HOME/casedash/ once fetched, so each run's details are fetched once, ever. Runs still queued or running are not counted.

            \(ExitStatus.help)
            """)

    @OptionGroup var options: APIOptions
    @OptionGroup var format: FormatOptions
    @Option(help: "Only this agent's runs (id or name).", completion: Completions.agents) var agent: String?
    @Option(help: "Only runs created since (30m, 24h, 7d, or an ISO-8601 time).") var since: String?
    @Option(help: "Group by agent, model or day.") var by: UsageGrouping?

    func body(_ ctx: ScriptContext) async throws {
        let now = ctx.now()
        let from = try since.map { try SinceOption.parse($0, now: now) }
        let agents = try await AgentLookup.load(ctx.client)
        let agentId = try agent.map { try agents.resolve($0).id }
        var runs = try await ctx.client.allRuns(agentId: agentId)
        if let from { runs = runs.filter { ($0.createdAt ?? .distantPast) >= from } }

        let cache = ctx.cacheEndpoint.flatMap { endpoint in
            UsageCache.directory(environment: ctx.environment).map { UsageCache(directory: $0, endpoint: endpoint) }
        }
        var known = cache?.load() ?? [:]
        let missing = UsageCollector.missing(runs) { known[$0] != nil }
        let progress = Progress(console: ctx.console, start: Date())
        let collected = await UsageCollector(client: ctx.client).collect(missing) { done, total in progress.report(done, total) }
        progress.finish()
        for r in collected.records { known[r.runId] = r }
        if let cache {
            do { try cache.add(collected.records) } catch { ctx.console.warn("usage cache not saved: \(error)") }
        }

        let report = UsageAggregator(grouping: by).report(runs: runs) { known[$0] }
        try print(report, agents, from, ctx)
        if let (id, error) = collected.failures.first {
            ctx.console.warn("usage of \(collected.failures.count) run(s) could not be fetched (run \(UntrustedText.line(id)): \(error.description))")
            throw ScriptExit(ExitStatus.of(error))
        }
    }

    struct Document: Encodable {
        struct Group: Encodable {
            var key: String
            var name: String?
            var totals: UsageTally
        }
        var since: Date?
        var runs: Int
        var known: Int
        var active: Int
        var unknown: Int
        var totals: UsageTally
        var by: UsageGrouping?
        var groups: [Group]?
    }

    private func print(_ r: UsageReport, _ agents: AgentLookup, _ from: Date?, _ ctx: ScriptContext) throws {
        func name(_ key: String) -> String? { by == .agent ? agents.name(key) : nil }
        switch format.mode {
        case .json, .jsonl:
            let doc = Document(since: from, runs: r.runs, known: r.known, active: r.active, unknown: r.unknown, totals: r.total, by: by,
                               groups: by.map { _ in r.groups.map { Document.Group(key: $0.key, name: name($0.key), totals: $0.tally) } })
            ctx.console.out(format.mode == .json ? try JSONOutput.document(doc) : try JSONOutput.line(doc))
        case .human:
            let c = ctx.console
            var table = Table(headers: [by?.rawValue.uppercased() ?? "RUNS IN RANGE", "RUNS", "INPUT", "OUTPUT", "TOKENS", "COST", "TOOL CALLS"],
                              flexible: 0, rightAligned: [1, 2, 3, 4, 5, 6])
            func row(_ label: String, _ t: UsageTally) -> [Cell] {
                [Cell(label), Cell(String(t.runs)), Cell(Human.tokens(t.inputTokens, c)), Cell(Human.tokens(t.outputTokens, c)),
                 Cell(Human.tokens(t.totalTokens, c)), Cell(Human.cost(micros: t.costMicros)), Cell(String(t.toolCalls))]
            }
            if by != nil { table.rows = r.groups.map { row(name($0.key) ?? $0.key, $0.tally) } }
            table.rows.append(row(by == nil ? "all" : "total", r.total))
            c.out(table.render(c))
            var note = "usage known for \(r.known) of \(r.runs) runs"
            if r.active > 0 { note += "; \(r.active) still queued or running (not counted)" }
            if r.unknown > 0 { note += "; \(r.unknown) unknown" }
            c.err(note + "\n")
        }
    }

    /// "fetching usage 12/340" on stderr, once the fetching has taken more than a second; on a
    /// terminal the line is rewritten in place, otherwise printed every 10 %.
    final class Progress: Sendable {
        let console: Console
        let start: Date
        private let state = Mutex<(shown: Bool, lastTenth: Int)>((false, -1))

        init(console: Console, start: Date) { self.console = console; self.start = start }

        func report(_ done: Int, _ total: Int) {
            guard Date().timeIntervalSince(start) > 1 else { return }
            let text = "fetching usage of finished runs: \(done)/\(total)"
            state.withLock { s in
                if console.stderrIsTerminal {
                    console.err("\r\u{1B}[K" + text)
                    s.shown = true
                } else if done * 10 / max(1, total) != s.lastTenth {
                    s.lastTenth = done * 10 / max(1, total)
                    console.err(text + "\n")
                }
            }
        }

        func finish() {
            if state.withLock({ $0.shown }) { console.err("\r\u{1B}[K") }
        }
    }
}

extension UsageGrouping: ExpressibleByArgument {}
