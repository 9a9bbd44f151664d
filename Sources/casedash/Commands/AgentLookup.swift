import CaseDevAPI
import Foundation

/// Agents are named by id or by name on the command line (`--agent "Contract Reviewer"`).
struct AgentLookup {
    let agents: [Agent]

    static func load(_ client: CaseDevClient) async throws -> AgentLookup {
        AgentLookup(agents: try await client.allAgents())
    }

    /// The agent `text` names: its id, else its exact name, else its name ignoring case, else
    /// the one agent whose id starts with it. Ambiguity is a usage error; no match is an error.
    func resolve(_ text: String) throws -> Agent {
        if let a = agents.first(where: { $0.id == text }) { return a }
        for match in [{ (a: Agent) in a.name == text }, { $0.name.lowercased() == text.lowercased() },
                      { !text.isEmpty && $0.id.hasPrefix(text) }] {
            let found = agents.filter(match)
            if found.count == 1 { return found[0] }
            if found.count > 1 {
                let names = found.prefix(5).map { "\($0.id) (\(UntrustedText.line($0.name)))" }.joined(separator: ", ")
                throw ScriptExit.usage("\"\(UntrustedText.line(text))\" names \(found.count) agents: \(names); give the id")
            }
        }
        throw ScriptExit(ExitStatus.api, "no agent with id or name \"\(UntrustedText.line(text))\"")
    }

    /// Display name of an agent id (the id itself when the agent is gone).
    func name(_ id: String) -> String { agents.first { $0.id == id }?.name ?? id }
}

/// `--since 90m`, `1h30m`, `7d`, `45s`, `2w`, or an ISO-8601 time.
enum SinceOption {
    static func parse(_ text: String, now: Date) throws -> Date {
        if let date = ISO8601.parse(text) { return date }
        guard let seconds = DurationText.seconds(text), seconds > 0 else { throw bad(text) }
        return now.addingTimeInterval(-seconds)
    }

    private static func bad(_ text: String) -> ScriptExit {
        .usage("--since \"\(UntrustedText.line(text))\": expected a duration such as 30s, 15m, 2h, 1h30m, 7d, or an ISO-8601 time")
    }
}
