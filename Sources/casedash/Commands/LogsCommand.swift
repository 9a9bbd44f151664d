import ArgumentParser
import CaseDevAPI
import Foundation
import RunFollow

/// `casedash logs ID`: a run's logs, merged like stern, optionally followed until the run ends.
struct LogsCommand: ScriptCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print a run's logs; -f follows a running run until it ends (exit status 4 if it failed).",
        discussion: """
            With --stream all (the default) every stream is merged in time order with a stream tag per line (coloured on a terminal; plain when piped or with NO_COLOR). -f follows the run on its events stream (falling back to polling its details), as the dashboard does, and exits when the run ends: 0 if it completed, 4 if it failed or was cancelled. --json prints the lines as one JSON array (with -f: one object per line, as --jsonl).

            \(ExitStatus.help)
            """)

    @OptionGroup var options: APIOptions
    @OptionGroup var format: FormatOptions
    @Argument(help: "Run id.", completion: Completions.runs) var run: String
    @Option(help: "A stream name (runner, linc, runtime, ...) or all.") var stream = "all"
    @Flag(name: [.short, .long], help: "Follow the run until it ends.") var follow = false
    @Option(help: "Only lines newer than this (30s, 15m, 2h, 1h30m, 7d, or an ISO-8601 time).") var since: String?
    @Option(help: "Only the last N lines (before following).") var tail: Int?
    @Flag(help: "Keep each line's timestamp.") var timestamps = false

    func validate() throws {
        if let tail, tail < 0 { throw ValidationError("--tail must be 0 or more") }
    }

    func body(_ ctx: ScriptContext) async throws {
        let since = try since.map { try SinceOption.parse($0, now: ctx.now()) }
        let mode: LogPrinter.Mode = switch format.mode {
        case .human: .text
        case .jsonl: .jsonl
        case .json: follow ? .jsonl : .jsonArray
        }
        let printer = LogPrinter(stream: stream == "all" ? nil : stream, timestamps: timestamps, since: since, mode: mode)
        let follower = try await LogFollow(runId: run, printer: printer, tail: tail, follow: follow).run(ctx)
        if follow { try RunOutcome.check(follower, ctx) }
    }
}

/// The end of a followed run as an exit status: 0 completed, 4 failed or cancelled (with why).
enum RunOutcome {
    static func check(_ follower: RunFollower, _ ctx: ScriptContext) throws {
        let status = follower.details?.status ?? follower.status ?? .other("unknown")
        switch status {
        case .completed: return
        case .failed, .cancelled:
            var message = "run \(UntrustedText.line(follower.runId)) \(status.rawValue)"
            if let error = follower.details?.result?.error { message += ": \(UntrustedText.line(error))" }
            throw ScriptExit(ExitStatus.runFailed, message)
        default:
            throw ScriptExit(ExitStatus.api, "run \(UntrustedText.line(follower.runId)) ended with status \(UntrustedText.line(status.rawValue))")
        }
    }
}
