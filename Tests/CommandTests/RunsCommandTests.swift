import CaseDevAPI
import Foundation
import Testing
@testable import casedash

@Suite struct RunsCommandTests {
    @Test func listAllWalksEveryPageNewestFirst() async throws {
        let h = try await Harness.start(demo: true, demoRuns: 300)
        defer { Task { await h.emulator.stop() } }
        let r = try await h.run(["runs", "list", "--all", "--jsonl"])
        #expect(r.status == 0)
        let runs = try r.stdout.split(separator: "\n").map { try JSONDecoder().decode(RunSummary.self, from: Data($0.utf8)) }
        #expect(runs.count > 250)
        #expect(Set(runs.map(\.id)).count == runs.count)
        let dates = runs.compactMap(\.createdAt)
        #expect(dates == dates.sorted(by: >))
        #expect(h.requests.count("GET /agent/v1/run") >= 2, "more than one page")

        let limited = try await h.run(["runs", "list", "--limit", "260"])
        #expect(limited.stdout.split(separator: "\n").count == 260)
        let failed = try await h.run(["runs", "list", "--status", "failed", "--json"])
        let list = try JSONDecoder().decode([RunSummary].self, from: Data(failed.stdout.utf8))
        #expect(!list.isEmpty && list.allSatisfy { $0.status == .failed })
    }

    @Test func listByAgentNameAndTableShape() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let a = try await h.agent("Alpha"), b = try await h.agent("Beta")
        _ = try await h.run(prompt: "first #ok", agent: a, exec: false)
        _ = try await h.run(prompt: "second #ok", agent: b, exec: false)
        let r = try await h.run(["runs", "list", "--agent", "Alpha"], terminal: true, width: 60)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("ID") && lines[1].contains("Alpha") && lines[1].contains("queued"))
        #expect(lines.allSatisfy { DisplayWidthProbe.width($0) <= 60 }, "\(r.stdout)")
        let bad = try await h.run(["runs", "list", "--status", "done"])
        #expect(bad.status == ExitStatus.usage)
    }

    @Test func createExecGetExport() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        _ = try await h.agent("Alpha")
        let created = try await h.run(["runs", "create", "--agent", "Alpha", "--prompt", "Summarise #ok #duration=1", "--exec"])
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(created.status == 0 && id.hasPrefix("run_"), "\(created)")
        // Exec of a run that is not queued is the server's 409: an API error.
        let again = try await h.run(["runs", "exec", id])
        #expect(again.status == ExitStatus.api && again.stderr.contains("HTTP 409"), "\(again.stderr)")
        let waited = try await h.run(["runs", "wait", id])
        #expect(waited.status == 0 && waited.stdout.contains("completed"), "\(waited)")

        let get = try await h.run(["runs", "get", id])
        #expect(get.stdout.contains("Status\tcompleted") && get.stdout.contains("Tokens\t"), "\(get.stdout)")
        let export = try await h.run(["runs", "export", id])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        #expect(doc["status"] as? String == "completed")
        let run = try #require(doc["run"] as? [String: Any])
        let logs = try #require((run["result"] as? [String: Any])?["logs"] as? [String: String])
        #expect(logs.keys.contains("runner") && run["steps"] is [Any] && run["usage"] is [String: Any])
    }

    @Test func missingRunIsAnAPIErrorWithItsStatus() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let r = try await h.run(["runs", "get", "run_nope"])
        #expect(r.status == ExitStatus.api && r.stderr.contains("HTTP 404"), "\(r.stderr)")
    }

    @Test func waitOnAFailingRunExitsFourWithItsErrorAndLastLines() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let agent = try await h.agent()
        let ok = try await h.run(prompt: "fine #ok #duration=1", agent: agent)
        let bad = try await h.run(prompt: "broken #fail #duration=1", agent: agent)
        let r = try await h.run(["runs", "wait", ok, bad, "--timeout", "30"])
        #expect(r.status == ExitStatus.runFailed, "\(r)")
        #expect(r.stderr.contains("run \(bad) failed"), "\(r.stderr)")
        #expect(r.stderr.contains("log lines:") && r.stderr.contains("run failed"), "\(r.stderr)")
        #expect(!r.stderr.contains("run \(ok) "))
        #expect(r.stdout.contains("\(ok)\tcompleted") && r.stdout.contains("\(bad)\tfailed"), "\(r.stdout)")
    }

    @Test func waitTimesOutWithFive() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let id = try await h.run(prompt: "forever #hang", agent: try await h.agent())
        let r = try await h.run(["runs", "wait", id, "--timeout", "0.5"])
        #expect(r.status == ExitStatus.timeout && r.stderr.contains("still running: \(id)"), "\(r)")
        _ = try await h.client.cancelRun(id)
    }

    @Test func cancelConfirmsAndCancels() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let id = try await h.run(prompt: "forever #hang", agent: try await h.agent())
        let refused = try await h.run(["runs", "cancel", id])
        #expect(refused.status == ExitStatus.usage && refused.stderr.contains("refused without --yes"))
        #expect(try await h.client.runStatus(id).status == .running)
        let r = try await h.run(["runs", "cancel", id, "--yes", "--json"])
        #expect(r.status == 0)
        #expect(try JSONDecoder().decode([CancelResponse].self, from: Data(r.stdout.utf8)).first?.status == .cancelled)
        let waited = try await h.run(["runs", "wait", id])
        #expect(waited.status == ExitStatus.runFailed, "a cancelled run counts as not completed")
    }

    @Test func watchRegistersACallback() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let id = try await h.run(prompt: "x #hang", agent: try await h.agent())
        let r = try await h.run(["runs", "watch", id, "--url", "https://example.com/hook", "--json"])
        #expect(r.status == 0 && r.stdout.contains("\"ok\" : true"), "\(r)")
        _ = try await h.client.cancelRun(id)
    }

    @Test func hostilePromptsAreSanitisedInTableAndPlain() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let agent = try await h.agent("A\u{1B}[8mgent")
        _ = try await h.run(prompt: "clear\u{1B}[2J\u{1B}]52;c;cGF3bmVk\u{07}screen", agent: agent, exec: false)
        for terminal in [true, false] {
            let r = try await h.run(["runs", "list"], terminal: terminal)
            #expect(!r.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(r.stdout)")
            #expect(r.stdout.contains("clearscreen") && r.stdout.contains("Agent"))
        }
    }
}

/// Display columns of a line, as a terminal counts them (East Asian wide characters are 2).
enum DisplayWidthProbe {
    static func width(_ s: Substring) -> Int {
        s.unicodeScalars.reduce(0) { n, u in n + ((0x1100...0x115F).contains(u.value) || (0x2E80...0xA4CF).contains(u.value)
            || (0xAC00...0xD7A3).contains(u.value) || (0xF900...0xFAFF).contains(u.value) || (0xFF00...0xFF60).contains(u.value) ? 2 : 1) }
    }
}
