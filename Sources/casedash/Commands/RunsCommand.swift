import ArgumentParser
import CaseDevAPI
import DashCore
import Foundation
import RunFollow

/// `casedash runs list|get|create|exec|cancel|watch|wait|export`.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List, inspect, create, execute, cancel, watch, wait for and export runs.",
        discussion: ExitStatus.help,
        subcommands: [List.self, Get.self, Create.self, Exec.self, Cancel.self, Watch.self, Wait.self, Export.self, Diff.self])

    struct List: ScriptCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List runs, newest first.", discussion: ExitStatus.help)
        @OptionGroup var options: APIOptions
        @OptionGroup var format: FormatOptions
        @Option(help: "Only this agent's runs (id or name).", completion: Completions.agents) var agent: String?
        @Option(help: "Only runs with this status (queued, running, completed, failed, cancelled).") var status: String?
        @Option(help: "How many runs (default 20).") var limit = 20
        @Flag(help: "Every run: walk all pages.") var all = false

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be 1 or more") }
            if let status, !RunStatus.known.map(\.rawValue).contains(status) {
                throw ValidationError("--status must be one of \(RunStatus.known.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func body(_ ctx: ScriptContext) async throws {
            let agents = try await AgentLookup.load(ctx.client)
            let agentId = try agent.map { try agents.resolve($0).id }
            let wanted = status.map { RunStatus(rawValue: $0) }
            var runs: [RunSummary]
            if all {
                runs = try await ctx.client.allRuns(agentId: agentId, status: wanted)
            } else {
                runs = []
                var cursor: String?
                repeat {
                    let page = try await ctx.client.listRuns(agentId: agentId, status: wanted, limit: min(250, limit - runs.count), cursor: cursor)
                    runs += page.runs
                    cursor = page.hasMore ? page.nextCursor : nil
                } while cursor != nil && runs.count < limit
                runs = Array(runs.prefix(limit))
            }
            runs = RunsCommand.newestFirst(runs)
            switch format.mode {
            case .json: ctx.console.out(try JSONOutput.document(runs))
            case .jsonl: ctx.console.out(try JSONOutput.lines(runs))
            case .human:
                let now = ctx.now()
                var table = Table(headers: ["ID", "AGENT", "STATUS", "CREATED", "DURATION", "PROMPT"], flexible: 5, rightAligned: [4])
                table.rows = runs.map { r in
                    [Cell(r.id), Cell(agents.name(r.agentId)), Cell(r.status.rawValue, ANSIColor.of(r.status)),
                     Cell(Human.when(r.createdAt, ctx.console, now: now)),
                     Cell(Human.runDuration(started: r.startedAt, ended: r.completedAt, now: now, ctx.console)), Cell(r.prompt)]
                }
                ctx.console.out(table.render(ctx.console))
            }
        }
    }

    struct Get: ScriptCommand {
        static let configuration = CommandConfiguration(
            commandName: "get", abstract: "Show a run: status, usage, steps, output.", discussion: ExitStatus.help)
        @OptionGroup var options: APIOptions
        @OptionGroup var format: FormatOptions
        @Argument(help: "Run id.", completion: Completions.runs) var run: String

        func body(_ ctx: ScriptContext) async throws {
            let d = try await ctx.client.runDetails(run)
            switch format.mode {
            case .json: ctx.console.out(try JSONOutput.document(d))
            case .jsonl: ctx.console.out(try JSONOutput.line(d))
            case .human:
                let now = ctx.now()
                var f = Fields()
                f.add("ID", d.id)
                f.add("Agent", d.agentId)
                f.add("Status", d.status.rawValue)
                f.add("Model", d.usage?.model ?? d.model)
                f.add("Prompt", d.prompt)
                f.add("Guidance", d.guidance)
                f.add("Created", d.createdAt.map { ISO8601.format($0) })
                f.add("Started", d.startedAt.map { ISO8601.format($0) })
                f.add("Ended", d.completedAt.map { ISO8601.format($0) })
                f.add("Duration", d.startedAt.map { Human.duration(seconds: (d.completedAt ?? now).timeIntervalSince($0)) })
                if let u = d.usage {
                    let s = u.summary
                    f.add("Tokens", "\(u.totalTokens) (\(s?.totalInputTokens ?? u.inputTokens ?? 0) in, \(s?.totalOutputTokens ?? u.outputTokens ?? 0) out)")
                    f.add("Cost", s?.costMicros.map { Human.cost(micros: $0) })
                    f.add("Tool calls", u.toolCalls.map(String.init))
                }
                f.add("Steps", String(d.steps.count))
                f.add("Log streams", d.result?.logs.map { LogStreams.ordered($0.keys).joined(separator: ", ") })
                f.add("Output", d.result?.output)
                f.add("Summary", d.result?.finalResponse?.summary)
                f.add("Issues", d.result?.finalResponse?.issues?.joined(separator: "\n"))
                f.add("Error", d.result?.error)
                ctx.console.out(f.render(ctx.console))
            }
        }
    }

    struct Create: ScriptCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a run (and with --exec start it) and print its id; never retried.",
            discussion: ExitStatus.help)
        @OptionGroup var options: APIOptions
        @OptionGroup var format: FormatOptions
        @Option(help: "Agent id or name.", completion: Completions.agents) var agent: String
        @Option(help: "The prompt.") var prompt: String
        @Option(help: "Guidance.") var guidance: String?
        @Option(help: "Model (overrides the agent's).") var model: String?
        @Flag(help: "Start the run at once.") var exec = false

        func validate() throws {
            guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("--prompt must not be empty") }
        }

        func body(_ ctx: ScriptContext) async throws {
            let agentId = try await AgentLookup.load(ctx.client).resolve(agent).id
            var created = try await ctx.client.createRun(CreateRunRequest(agentId: agentId, prompt: prompt, guidance: guidance, model: model))
            if exec {
                do { created.status = try await ctx.client.execRun(created.id).status } catch let e as CaseDevError {
                    // Say which run exists now, so a retry does not make a second one.
                    ctx.console.warn("run \(UntrustedText.line(created.id)) was created but not started")
                    throw e
                }
            }
            try format.printMade(created, id: created.id, on: ctx.console)
        }
    }

    struct Exec: ScriptCommand {
        static let configuration = CommandConfiguration(
            commandName: "exec", abstract: "Start a queued run (never retried).", discussion: ExitStatus.help)
        @OptionGroup var options: APIOptions
        @OptionGroup var format: FormatOptions
        @Argument(help: "Run id.", completion: Completions.runs) var run: String

        func body(_ ctx: ScriptContext) async throws {
            let answer = try await ctx.client.execRun(run)
            switch format.mode {
            case .json: ctx.console.out(try JSONOutput.document(answer))
            case .jsonl: ctx.console.out(try JSONOutput.line(answer))
            case .human: ctx.console.out(Table(headers: ["ID", "STATUS"], rows: [[Cell(answer.id), Cell(answer.status.rawValue, ANSIColor.of(answer.status))]]).render(ctx.console))
            }
        }
    }

    struct Cancel: ScriptCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Cancel runs (asks first; --yes to skip, required when stdin is not a terminal).", discussion: ExitStatus.help)
        @OptionGroup var options: APIOptions
        @OptionGroup var format: FormatOptions
        @Argument(help: "Run ids.", completion: Completions.runs) var runs: [String]
        @Flag(name: [.short, .long], help: "Do not ask.") var yes = false

        func validate() throws {
            guard !runs.isEmpty else { throw ValidationError("give at least one run id") }
        }

        func body(_ ctx: ScriptContext) async throws {
            let named = runs.prefix(5).map { UntrustedText.line($0) }.joined(separator: ", ") + (runs.count > 5 ? ", …" : "")
            try Confirmation.require("Cancel \(runs.count == 1 ? "run" : "\(runs.count) runs") \(named)?", yes: yes, ctx.console)
            var answers: [CancelResponse] = []
            var failure: (any Error)?
            for id in runs {
                do { answers.append(try await ctx.client.cancelRun(id)) } catch {
                    ctx.console.warn("run \(UntrustedText.line(id)): \((error as? CaseDevError)?.description ?? UntrustedText.line(String(describing: error)))")
                    failure = failure ?? error
                }
            }
            switch format.mode {
            case .json: ctx.console.out(try JSONOutput.document(answers))
            case .jsonl: ctx.console.out(try JSONOutput.lines(answers))
            case .human:
                ctx.console.out(Table(headers: ["ID", "STATUS", "MESSAGE"], rows: answers.map {
                    [Cell($0.id), Cell($0.status.rawValue, ANSIColor.of($0.status)), Cell($0.message ?? "")]
                }, flexible: 2).render(ctx.console))
            }
            if let e = failure as? CaseDevError { throw ScriptExit(ExitStatus.of(e)) }
            if failure != nil { throw ScriptExit(ExitStatus.api) }
        }
    }

    struct Watch: ScriptCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch", abstract: "Have the server POST the run's final status to a URL.", discussion: ExitStatus.help)
        @OptionGroup var options: APIOptions
        @OptionGroup var format: FormatOptions
        @Argument(help: "Run id.", completion: Completions.runs) var run: String
        @Option(help: "The callback URL (https).") var url: String

        func body(_ ctx: ScriptContext) async throws {
            let answer = try await ctx.client.watchRun(run, callbackUrl: url)
            switch format.mode {
            case .json: ctx.console.out(try JSONOutput.document(answer))
            case .jsonl: ctx.console.out(try JSONOutput.line(answer))
            case .human: ctx.console.line("watching \(UntrustedText.line(run)): \(UntrustedText.line(answer.callbackUrl ?? url))")
            }
        }
    }

    struct Wait: ScriptCommand {
        static let configuration = CommandConfiguration(
            commandName: "wait",
            abstract: "Wait until every run has ended: 0 if all completed, 4 if any failed or was cancelled, 5 on timeout.",
            discussion: """
                For each run that failed or was cancelled, its error and its last 20 log lines go to stderr, so a CI log says why without a second command.

                \(ExitStatus.help)
                """)
        @OptionGroup var options: APIOptions
        @OptionGroup var format: FormatOptions
        @Argument(help: "Run ids.", completion: Completions.runs) var runs: [String]
        @Option(help: "Give up after this many seconds (exit status 5).") var timeout: Double?

        func validate() throws {
            guard !runs.isEmpty else { throw ValidationError("give at least one run id") }
            if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be positive") }
        }

        func body(_ ctx: ScriptContext) async throws {
            let outcome = try await RunWaiter(ids: runs, timeout: timeout).wait(ctx)
            let ended = runs.compactMap { outcome.ended[$0] }
            switch format.mode {
            case .json: ctx.console.out(try JSONOutput.document(ended))
            case .jsonl: ctx.console.out(try JSONOutput.lines(ended))
            case .human:
                ctx.console.out(Table(headers: ["ID", "STATUS", "DURATION"], rows: ended.map { s in
                    [Cell(s.id), Cell(s.status.rawValue, ANSIColor.of(s.status)),
                     Cell(s.durationMs.map { Human.duration(seconds: Double($0) / 1000) } ?? "")]
                }, rightAligned: [2]).render(ctx.console))
            }
            if !outcome.pending.isEmpty {
                throw ScriptExit(ExitStatus.timeout, "timed out after \(Human.duration(seconds: timeout ?? 0)); still running: "
                                 + outcome.pending.map { UntrustedText.line($0) }.joined(separator: ", "))
            }
            let bad = ended.filter { $0.status != .completed }
            for s in bad { try await RunWaiter.explain(s, ctx) }
            if !bad.isEmpty { throw ScriptExit(ExitStatus.runFailed) }
        }
    }

    struct Export: ScriptCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Print one JSON document with the run's status, details, every log stream, steps and usage.",
            discussion: ExitStatus.help)
        @OptionGroup var options: APIOptions
        @Argument(help: "Run id.", completion: Completions.runs) var run: String

        struct Document: Encodable {
            var exportedAt: Date
            var exportedBy: String
            var endpoint: String
            var status: RunStatus
            var agent: Agent?
            /// The details as the API gave them: logs (every stream), steps, usage, output.
            var run: RunDetails
        }

        func body(_ ctx: ScriptContext) async throws {
            let details = try await ctx.client.runDetails(run)
            let agent = try? await ctx.client.getAgent(details.agentId)
            ctx.console.out(try JSONOutput.document(Document(exportedAt: ctx.now(), exportedBy: "casedash \(CaseDash.version)",
                                                             endpoint: ctx.client.host, status: details.status, agent: agent,
                                                             run: details)))
        }
    }

    struct Diff: ScriptCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Compare two runs: figures and deltas, steps aligned by kind and tool, outputs diffed by line and word.",
            discussion: ExitStatus.help)
        @OptionGroup var options: APIOptions
        @OptionGroup var format: FormatOptions
        @Argument(help: "Run A.", completion: Completions.runs) var a: String
        @Argument(help: "Run B.", completion: Completions.runs) var b: String

        /// The comparison for --json: what the dashboard's `d` shows, as data.
        struct Document: Encodable {
            struct StepRow: Encodable { var kind: String; var a: String?; var b: String?; var durationDelta: Double?; var costDeltaMicros: Int? }
            struct OutputLine: Encodable { var op: String; var text: String }
            var a: RunDiff.Figures
            var b: RunDiff.Figures
            var sameAgent: Bool
            var steps: [StepRow]
            var output: [OutputLine]
        }

        func body(_ ctx: ScriptContext) async throws {
            async let da = ctx.client.runDetails(a)
            async let db = ctx.client.runDetails(b)
            let diff = RunDiff.make(try await da, try await db, now: ctx.now())
            if format.mode == .human {
                let agents = try? await ctx.client.allAgents()
                let name = { (id: String) in agents?.first { $0.id == id }.map { UntrustedText.line($0.name) } ?? UntrustedText.line(id) }
                for line in diff.lines(name: name) { ctx.console.out(line.0 + "\n") }
                return
            }
            let steps = diff.steps.map { p -> Document.StepRow in
                switch p {
                case .same(let x, let y):
                    .init(kind: "same", a: WaterfallView.label(x.step), b: WaterfallView.label(y.step), durationDelta: y.duration - x.duration,
                          costDeltaMicros: y.costMicros - x.costMicros)
                case .removed(let x): .init(kind: "removed", a: WaterfallView.label(x.step), b: nil, durationDelta: nil, costDeltaMicros: nil)
                case .added(let y): .init(kind: "added", a: nil, b: WaterfallView.label(y.step), durationDelta: nil, costDeltaMicros: nil)
                }
            }
            let output = diff.output.map { l -> Document.OutputLine in
                switch l {
                case .same(let t): .init(op: "same", text: t)
                case .removed(let t): .init(op: "removed", text: t)
                case .added(let t): .init(op: "added", text: t)
                case .changed(let o, let n): .init(op: "changed", text: o.map(\.0).joined(separator: " ") + " → " + n.map(\.0).joined(separator: " "))
                }
            }
            let doc = Document(a: diff.a, b: diff.b, sameAgent: diff.sameAgent, steps: steps, output: output)
            ctx.console.out(format.mode == .jsonl ? try JSONOutput.line(doc) : try JSONOutput.document(doc))
        }
    }

    /// Newest first; runs without a creation time last, in the server's order.
    static func newestFirst(_ runs: [RunSummary]) -> [RunSummary] {
        runs.enumerated().sorted { a, b in
            let ta = a.element.createdAt ?? .distantPast, tb = b.element.createdAt ?? .distantPast
            return ta != tb ? ta > tb : a.offset < b.offset
        }.map(\.element)
    }
}
