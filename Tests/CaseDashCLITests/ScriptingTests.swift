import Foundation
import Testing

/// The scripting commands as a shell runs them: exit statuses, root options before the command,
/// confirmation with stdin not a terminal, completions.
@Suite struct ScriptingExitStatus {
    @Test func missingKeyAndUsageErrorsAreTwo() throws {
        let noKey = try Binary.run(["runs", "list"])
        #expect(noKey.status == 2 && noKey.stderr.contains("CASEDEV_API_KEY"), "\(noKey.stderr)")
        let unknown = try Binary.run(["runs", "list", "--bogus"], environment: ["CASEDEV_API_KEY": "sk_case_x"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--bogus"))
        let missing = try Binary.run(["agents", "create", "--name", "x"], environment: ["CASEDEV_API_KEY": "sk_case_x"])
        #expect(missing.status == 2 && missing.stderr.contains("--instructions"))
    }

    @Test func networkErrorIsThree() throws {
        let r = try Binary.run(["runs", "list", "--base-url", "http://127.0.0.1:1"], environment: ["CASEDEV_API_KEY": "sk_case_x"])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(!r.stderr.contains("sk_case_x"))
    }

    @Test func apiErrorIsOneWithTheHTTPStatus() throws {
        let r = try Binary.run(["--demo", "runs", "get", "run_nope"])
        #expect(r.status == 1 && r.stderr.contains("HTTP 404"), "\(r.stderr)")
    }

    @Test func demoBeforeTheCommandWorksWithoutAKey() throws {
        let r = try Binary.run(["--demo", "runs", "list", "--limit", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 3 && !r.stdout.contains("\u{1B}"), "plain rows when piped: \(r.stdout)")
    }

    @Test func destructiveCommandsRefuseWithoutYesWhenStdinIsNotATerminal() throws {
        let r = try Binary.run(["--demo", "agents", "delete", "Contract Reviewer"])
        #expect(r.status == 2 && r.stderr.contains("refused without --yes"), "\(r.stderr)")
        let c = try Binary.run(["--demo", "runs", "cancel", "run_x"])
        #expect(c.status == 2 && c.stderr.contains("refused without --yes"), "\(c.stderr)")
    }

    @Test func helpDocumentsExitStatusesAndCompletionsIncludeTheCommands() throws {
        let help = try Binary.run(["runs", "wait", "--help"])
        #expect(help.stdout.contains("5 timeout") && help.stdout.contains("4 a run failed"), "\(help.stdout)")
        for shell in ["bash", "zsh", "fish"] {
            let script = try Binary.run(["--generate-completion-script", shell])
            #expect(script.status == 0 && script.stdout.contains("agents") && script.stdout.contains("usage"))
            #expect(script.stdout.contains("---completion"), "custom completion of agent names and run ids (\(shell))")
        }
        // The shell asks casedash for completions; with no key there are none, and no error.
        let none = try Binary.run(["---completion", "agents", "get", "--", "positional@0", "3", "1", "casedash", "agents", "get", "C"])
        #expect(none.status == 0 && none.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(none)")
    }
}
