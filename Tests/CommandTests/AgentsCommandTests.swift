import CaseDevAPI
import Foundation
import Testing
@testable import casedash

@Suite struct AgentsCommandTests {
    @Test func createListGetUpdateDelete() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let created = try await h.run(["agents", "create", "--name", "Reviewer", "--instructions", "Review.", "--model", "m-1"])
        #expect(created.status == 0)
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("agent_"), "\(created)")

        let plain = try await h.run(["agents", "list"])
        #expect(plain.stdout.split(separator: "\n").contains { $0.hasPrefix("\(id)\tReviewer\tm-1\t") }, "\(plain.stdout)")
        let table = try await h.run(["agents", "list"], terminal: true)
        #expect(table.stdout.hasPrefix("ID"), "a header on a terminal")
        let json = try await h.run(["agents", "list", "--json"])
        #expect(try JSONDecoder().decode([Agent].self, from: Data(json.stdout.utf8)).map(\.id) == [id])
        let jsonl = try await h.run(["agents", "list", "--jsonl"])
        #expect(jsonl.stdout.split(separator: "\n").count == 1)

        let byName = try await h.run(["agents", "get", "reviewer", "--json"])
        #expect(try JSONDecoder().decode(Agent.self, from: Data(byName.stdout.utf8)).instructions == "Review.")
        let updated = try await h.run(["agents", "update", id, "--name", "Checker"])
        #expect(updated.status == 0 && updated.stdout.contains("Checker"), "\(updated)")

        let deleted = try await h.run(["agents", "delete", "Checker", "--yes"])
        #expect(deleted.status == 0 && deleted.stdout == "deleted \(id)\n", "\(deleted)")
        #expect(try await h.client.allAgents().isEmpty)
    }

    @Test func deleteRefusesWithoutYesWhenStdinIsNotATerminal() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let agent = try await h.agent()
        let r = try await h.run(["agents", "delete", agent.id])
        #expect(r.status == ExitStatus.usage)
        #expect(r.stderr.contains("refused without --yes"), "\(r.stderr)")
        #expect(try await h.client.allAgents().map(\.id) == [agent.id])
    }

    @Test func deleteAsksOnATerminal() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let agent = try await h.agent()
        let no = try await h.run(["agents", "delete", agent.id], terminal: true, stdin: ["n"])
        #expect(no.status == ExitStatus.usage && no.stderr.contains("[y/N]"))
        #expect(try await h.client.allAgents().count == 1)
        let yes = try await h.run(["agents", "delete", agent.id], terminal: true, stdin: ["y"])
        #expect(yes.status == 0)
        #expect(try await h.client.allAgents().isEmpty)
    }

    @Test func unknownAgentIsAnAPIErrorAndAmbiguousNameAUsageError() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        _ = try await h.agent("Twin")
        _ = try await h.agent("Twin")
        let none = try await h.run(["agents", "get", "nobody"])
        #expect(none.status == ExitStatus.api && none.stderr.contains("no agent"))
        let two = try await h.run(["agents", "get", "Twin"])
        #expect(two.status == ExitStatus.usage && two.stderr.contains("names 2 agents"), "\(two.stderr)")
    }

    @Test func hostileNamesAreSanitisedInTableAndPlainButEscapedInJSON() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let hostile = "Evil\u{1B}]0;pwned\u{07}\u{1B}[31mRed\u{202E}\tTab\u{9B}2J"
        _ = try await h.client.createAgent(CreateAgentRequest(name: hostile, instructions: "x\u{1B}[2Jy", description: "d\u{1B}[5m"))
        for terminal in [true, false] {
            let list = try await h.run(["agents", "list"], terminal: terminal)
            let get = try await h.run(["agents", "get", hostile], terminal: terminal)
            for out in [list.stdout, get.stdout] {
                #expect(!out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B || $0.value == 0x202E })
                #expect(out.contains("EvilRed"), "\(out)")
            }
            // Piped rows keep their columns: the tab inside the name became spaces.
            if !terminal { #expect(list.stdout.split(separator: "\t").count == 5, "\(list.stdout)") }
        }
        let json = try await h.run(["agents", "list", "--json"])
        #expect(json.stdout.contains("\\u001b]0;pwned\\u0007"), "\(json.stdout)")
        #expect(try JSONDecoder().decode([Agent].self, from: Data(json.stdout.utf8)).first?.name == hostile)
    }
}
