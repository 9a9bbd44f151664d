import CaseDevAPI
import Foundation
import Testing
@testable import casedash

@Suite struct LogsCommandTests {
    @Test func followPrintsEveryLineOnceUntilTheRunEnds() async throws {
        let h = try await Harness.start(speed: 1)
        defer { Task { await h.emulator.stop() } }
        let id = try await h.run(prompt: "long #ok #duration=4 #logs=120", agent: try await h.agent())
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await h.client.runStatus(id).status == .running)
        let followed = try await h.run(["logs", id, "-f", "--timestamps"])
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(h.requests.count("GET /agent/v1/run/:id/events") >= 1, "followed on the events stream")
        let whole = try await h.run(["logs", id, "--timestamps"])
        let a = followed.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let b = whole.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(b.count > 120)
        #expect(Set(a).count == a.count, "no line twice")
        #expect(a.sorted() == b.sorted(), "none lost: followed \(a.count) lines, the run has \(b.count)")
    }

    @Test func followOfAFailingRunExitsFour() async throws {
        let h = try await Harness.start(speed: 1)
        defer { Task { await h.emulator.stop() } }
        let id = try await h.run(prompt: "x #fail #duration=2", agent: try await h.agent())
        let r = try await h.run(["logs", id, "--follow", "--jsonl"])
        #expect(r.status == ExitStatus.runFailed && r.stderr.contains("run \(id) failed"), "\(r.stderr)")
        let lines = try r.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.allSatisfy { $0?["stream"] is String && $0?["line"] is String })
        #expect(lines.contains { ($0?["line"] as? String)?.contains("run failed") == true })
    }

    @Test func mergedTaggedPlainColouredAndFiltered() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let id = try await h.run(prompt: "x #ok #duration=1", agent: try await h.agent())
        _ = try await h.run(["runs", "wait", id])
        let plain = try await h.run(["logs", id])
        let lines = plain.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("runner ") } && lines.contains { $0.hasPrefix("linc ") || $0.hasPrefix("runtime ") })
        // The emulator writes ESC[32m✓ESC[0m into a runner line: it is gone, colour or not.
        #expect(!plain.stdout.contains("\u{1B}") && plain.stdout.contains("✓ casedev CLI authenticated"))
        #expect(!plain.stdout.contains("Z [runner]") && !lines[0].dropFirst(7).hasPrefix("20"), "no timestamps by default")
        let coloured = try await h.run(["logs", id], terminal: true, color: true)
        #expect(coloured.stdout.contains("\u{1B}[36mrunner"))
        #expect(!coloured.stdout.contains("\u{1B}[32m✓"), "only casedash's own colours")
        let runner = try await h.run(["logs", id, "--stream", "runner", "--tail", "2", "--timestamps"])
        let two = runner.stdout.split(separator: "\n")
        #expect(two.count == 2 && two.allSatisfy { $0.hasPrefix("20") && $0.contains("[runner]") }, "\(runner.stdout)")
        let stamped = try await h.run(["logs", id, "--stream", "runner", "--timestamps"]).stdout.split(separator: "\n")
        let middle = String(stamped[stamped.count / 2].prefix(24))
        let later = try await h.run(["logs", id, "--stream", "runner", "--since", middle])
        #expect(later.stdout.split(separator: "\n").count == stamped.count - stamped.count / 2, "\(middle)\n\(later.stdout)")
        let missing = try await h.run(["logs", id, "--stream", "nope"])
        #expect(missing.status == ExitStatus.api && missing.stderr.contains("has no log stream"))
        let badSince = try await h.run(["logs", id, "--since", "soon"])
        #expect(badSince.status == ExitStatus.usage)
    }
}

@Suite struct ExecuteCommandTests {
    @Test func synchronousPrintsTheOutputAndFailureIsFour() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let ok = try await h.run(["execute", "Summarise #ok #duration=1"])
        #expect(ok.status == 0 && !ok.stdout.isEmpty, "\(ok)")
        let bad = try await h.run(["execute", "Break #fail #duration=1"])
        #expect(bad.status == ExitStatus.runFailed && bad.stderr.contains("failed"), "\(bad)")
        let json = try await h.run(["execute", "x #ok #duration=1", "--json"])
        #expect(try JSONDecoder().decode(ExecuteResponse.self, from: Data(json.stdout.utf8)).status == .completed)
    }

    @Test func asyncPrintsTheRunIdAndFollows() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let started = try await h.run(["execute", "x #ok #duration=1", "--async"])
        let id = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(started.status == 0 && id.hasPrefix("run_"), "\(started)")
        let followed = try await h.run(["execute", "x #ok #duration=2", "--async", "-f"])
        #expect(followed.status == 0 && followed.stdout.contains("runner "), "\(followed)")
        let usage = try await h.run(["execute", "x", "-f"])
        #expect(usage.status == ExitStatus.usage)
    }
}
