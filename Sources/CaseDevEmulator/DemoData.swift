import CaseDevAPI
import Foundation

/// A first look that is alive: a handful of agents, a few hundred runs over the last two days
/// in every status, some queued and running now, and new runs arriving now and then.
struct DemoData {
    static let agents: [CreateAgentRequest] = [
        CreateAgentRequest(name: "Contract Reviewer", instructions: "Review commercial contracts and flag risky clauses.",
                           description: "MSAs, SOWs and DPAs", model: "anthropic/claude-sonnet-4.6"),
        CreateAgentRequest(name: "Discovery Analyst", instructions: "Search discovery productions and summarise key documents.",
                           description: "Document review for litigation", model: "anthropic/claude-sonnet-4.6"),
        CreateAgentRequest(name: "Deposition Summarizer", instructions: "Summarise deposition transcripts with page cites.",
                           model: "openai/gpt-5-mini"),
        CreateAgentRequest(name: "Case Law Researcher", instructions: "Research case law and write short memos with citations.",
                           model: "anthropic/claude-opus-4.1", enabledTools: ["legal-research.search", "webfetch", "write"]),
        CreateAgentRequest(name: "契約レビュー (Tokyo)", instructions: "日本語の契約書をレビューし、リスクを指摘してください。",
                           description: "Japanese-language contract review", model: "anthropic/claude-haiku-4.5"),
    ]

    static let prompts = [
        "Review the Acme MSA and list every uncapped indemnity",
        "Find all emails mentioning the Q3 pricing change in vault_discovery",
        "Summarise the Johnson deposition, volumes 1 and 2, with page cites",
        "Research at-will employment exceptions in California since 2020",
        "Compare termination clauses across the 2023 and 2024 vendor agreements",
        "Build a privilege log for the Henderson production, batch 4",
        "Draft a memo on the enforceability of the non-compete in the Baker offer letter",
        "Identify change-of-control provisions in the acquisition data room",
        "List every document that references Project Falcon before March 2024",
        "Check the DPA against GDPR Article 28 requirements",
        "秘密保持契約の有効期間と準拠法を確認してください",
        "Extract all deadlines from the scheduling order and add them to the calendar",
        "Summarise expert report of Dr. Patel and list weaknesses",
        "Find inconsistencies between the 10-K risk factors and the board minutes",
    ]

    /// Creates the agents and the history, all dated before `now`. Besides the everyday runs the
    /// history holds what the insight views are for: a few expensive runs, an agent (the
    /// Discovery Analyst) whose runs of the last hour mostly fail while it used to succeed, a
    /// runaway loop and a hung run that keeps spending.
    static func seed(_ store: EmulatorStore, runs count: Int, now: Date) throws {
        var rng = SeededRandom(seed: store.options.seed, stream: 424_242)
        var agentIds: [String] = []
        for (i, body) in agents.enumerated() {
            let created = now.addingTimeInterval(-Double(30 - i) * 86_400)
            agentIds.append(try store.createAgent(body, at: created).id)
        }
        struct Planned { var created: Date; var agent: String?; var directives: String }
        let span: TimeInterval = 48 * 3_600
        var planned = (0..<count).map { i in
            Planned(created: now.addingTimeInterval(-span + span * Double(i) / Double(max(count, 1)) - 120), agent: nil, directives: "")
        }
        for k in 0..<8 {
            planned.append(Planned(created: now.addingTimeInterval(-3_300 + Double(k) * 380), agent: agentIds[1],
                                   directives: k % 4 == 3 ? "#ok" : "#fail"))
        }
        planned.sort { $0.created < $1.created }
        for item in planned {
            let prompt = rng.pick(prompts)
            let agent = item.agent ?? rng.pick(agentIds)
            var directives = item.directives
            if directives.isEmpty, rng.chance(0.04) { directives = "#cost=\(Int.random(in: 6...40, using: &rng))" }
            let run = try store.createRun(CreateRunRequest(agentId: agent, prompt: prompt), at: item.created,
                                          hiddenDirectives: directives)
            if item.agent == nil, rng.chance(0.06) {
                _ = try store.cancelRun(run.id, at: item.created.addingTimeInterval(Double.random(in: 5...300, using: &rng)))
                continue
            }
            let duration = Double.random(in: 40...540, using: &rng)
            let started = item.created.addingTimeInterval(Double.random(in: 1...20, using: &rng))
            _ = try store.execRun(run.id, at: started, duration: duration)
            if item.agent == nil, rng.chance(0.04) { _ = try store.cancelRun(run.id, at: started.addingTimeInterval(duration * 0.4)) }
        }
        _ = store.advance()
        // Now: a spending hung run, a few mid-flight, a runaway loop and a few waiting.
        let hung = try store.createRun(CreateRunRequest(agentId: agentIds[3], prompt: "Research every appellate decision on "
                                           + "non-compete enforceability since 2015 and verify each citation"),
                                       at: now.addingTimeInterval(-300), hiddenDirectives: "#hang #cost=25")
        _ = try store.execRun(hung.id, at: now.addingTimeInterval(-298))
        for i in 0..<3 {
            let created = now.addingTimeInterval(-Double(60 - i * 10))
            let run = try store.createRun(CreateRunRequest(agentId: rng.pick(agentIds), prompt: rng.pick(prompts)), at: created)
            _ = try store.execRun(run.id, at: created.addingTimeInterval(Double.random(in: 1...5, using: &rng)),
                                  duration: Double.random(in: 60...150, using: &rng) / store.options.speed)
        }
        let loop = try store.createRun(CreateRunRequest(agentId: agentIds[0], prompt: "Find the signed Acme MSA in vault_contracts "
                                           + "and list its exhibits"),
                                       at: now.addingTimeInterval(-28), hiddenDirectives: "#loop")
        _ = try store.execRun(loop.id, at: now.addingTimeInterval(-27))
        for i in 0..<4 {
            _ = try store.createRun(CreateRunRequest(agentId: rng.pick(agentIds), prompt: rng.pick(prompts)),
                                    at: now.addingTimeInterval(-Double(25 - i * 6)))
        }
    }

    /// One tick of arrivals: sometimes a new run (usually executed at once), sometimes a queued
    /// run gets executed. Expected one arrival every ~12 s at speed 1.
    static func tick(_ store: EmulatorStore, rng: inout SeededRandom, tick seconds: Double) {
        let speed = store.options.speed
        let agentIds = store.activeAgentIds
        guard !agentIds.isEmpty else { return }
        if rng.chance(seconds * speed / 12), store.runningCount < 6 {
            if let run = try? store.createRun(CreateRunRequest(agentId: rng.pick(agentIds), prompt: rng.pick(prompts))),
               rng.chance(0.7) {
                _ = try? store.execRun(run.id)
            }
        }
        let queued = store.queuedRunIds
        if queued.count > 3 || (rng.chance(seconds * speed / 30) && !queued.isEmpty) {
            _ = try? store.execRun(queued[0])
        }
    }
}
