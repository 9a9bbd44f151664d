import ArgumentParser
import CaseDevAPI
import Foundation

/// `casedash execute PROMPT`: a one-shot run on an ephemeral agent.
struct ExecuteCommand: ScriptCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Run a prompt once on an ephemeral agent and print the output (never retried).",
        discussion: """
            Waits for the answer and prints the run's output; exit status 4 when the run failed. With --async the run is started on the agent runtime and its id printed; add -f to follow its logs until it ends (as casedash logs -f).

            \(ExitStatus.help)
            """)

    @OptionGroup var options: APIOptions
    @OptionGroup var format: FormatOptions
    @Argument(help: "The prompt.") var prompt: String
    @Option(help: "Instructions for the ephemeral agent.") var instructions: String?
    @Option(help: "Model.") var model: String?
    @Flag(name: .customLong("async"), help: "Start the run and print its id instead of waiting.") var async = false
    @Flag(name: [.short, .long], help: "With --async: follow the run's logs until it ends.") var follow = false

    func validate() throws {
        guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("the prompt must not be empty") }
        if follow && !async { throw ValidationError("-f/--follow needs --async") }
    }

    func body(_ ctx: ScriptContext) async throws {
        let answer = try await ctx.client.execute(ExecuteRequest(prompt: prompt, instructions: instructions, model: model,
                                                                 agentRuntime: async ? true : nil))
        if !answer.isFinished {
            guard follow else {
                try format.printMade(answer, id: answer.runId, on: ctx.console)
                return
            }
            ctx.console.err("run \(UntrustedText.line(answer.runId))\n")
            let printer = LogPrinter(stream: nil, timestamps: false, since: nil, mode: format.mode == .human ? .text : .jsonl)
            let follower = try await LogFollow(runId: answer.runId, printer: printer, tail: nil, follow: true).run(ctx)
            if format.mode == .human, let output = follower.details?.result?.output {
                ctx.console.out(UntrustedText.lines(output).joined(separator: "\n") + "\n")
            }
            try RunOutcome.check(follower, ctx)
            return
        }
        switch format.mode {
        case .json: ctx.console.out(try JSONOutput.document(answer))
        case .jsonl: ctx.console.out(try JSONOutput.line(answer))
        case .human:
            if let output = answer.output { ctx.console.out(UntrustedText.lines(output).joined(separator: "\n") + "\n") }
        }
        switch answer.status {
        case .completed: return
        case .failed, .cancelled:
            throw ScriptExit(ExitStatus.runFailed, "run \(UntrustedText.line(answer.runId)) \(answer.status.rawValue)"
                             + (answer.error.map { ": " + UntrustedText.line($0) } ?? ""))
        default:
            throw ScriptExit(ExitStatus.api, "run \(UntrustedText.line(answer.runId)) ended with status \(UntrustedText.line(answer.status.rawValue))")
        }
    }
}
