import ArgumentParser
import Foundation
import Glibc

/// The scripting commands, parsed on their own. Two reasons: the dashboard's root options
/// (`--demo`, `--base-url`, ...) share their names with the commands' options, and
/// ArgumentParser gives such a value to the root only, so `casedash --demo runs list` would
/// lose its `--demo`; and a usage error in a scripting command exits with status 2 (its
/// documented status), where ArgumentParser uses 64.
struct ScriptRoot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casedash",
        subcommands: [AgentsCommand.self, RunsCommand.self, LogsCommand.self, ExecuteCommand.self, UsageCommand.self])

    static let names: Set<String> = ["agents", "runs", "logs", "execute", "usage"]

    /// For `casedash [OPTIONS] COMMAND ...`: the arguments with the options before the command
    /// moved after it; nil when no scripting command is named, or when the shell asks for
    /// completions (those go through the root command, which knows every command too).
    static func arguments(_ arguments: [String]) -> [String]? {
        guard !(arguments.first ?? "").hasPrefix("---"),
              let i = arguments.firstIndex(where: { names.contains($0) }),
              !arguments[..<i].contains(where: { ["-h", "--help", "--version", "--generate-completion-script"].contains($0) })
        else { return nil }
        return Array(arguments[i...]) + arguments[..<i]
    }

    static func main(_ arguments: [String]) async {
        do {
            try await parseAndRun(arguments)
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Glibc.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}
