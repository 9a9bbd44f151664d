import Foundation

/// Destructive commands (`agents delete`, `runs cancel`) ask first on a terminal, and refuse
/// without `--yes` when nobody is there to answer: a script that forgot `--yes` must not delete.
enum Confirmation {
    /// Returns when the action may go ahead; throws a usage error (status 2) otherwise.
    static func require(_ question: String, yes: Bool, _ console: Console) throws {
        if yes { return }
        guard console.stdinIsTerminal else {
            throw ScriptExit.usage("\(question): refused without --yes, as stdin is not a terminal")
        }
        console.err("\(question) [y/N] ")
        let answer = console.readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard answer == "y" || answer == "yes" else { throw ScriptExit.usage("not confirmed; nothing was changed") }
    }
}
