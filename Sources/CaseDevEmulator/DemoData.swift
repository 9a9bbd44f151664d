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

    /// Creates the agents and the history, all dated before `now`.
    static func seed(_ store: EmulatorStore, runs count: Int, now: Date) throws {
        var rng = SeededRandom(seed: store.options.seed, stream: 424_242)
        var agentIds: [String] = []
        for (i, body) in agents.enumerated() {
            let created = now.addingTimeInterval(-Double(30 - i) * 86_400)
            agentIds.append(try store.createAgent(body, at: created).id)
        }
        let span: TimeInterval = 48 * 3_600
        for i in 0..<count {
            let created = now.addingTimeInterval(-span + span * Double(i) / Double(max(count, 1)) - 120)
            let prompt = rng.pick(prompts)
            let run = try store.createRun(CreateRunRequest(agentId: rng.pick(agentIds), prompt: prompt), at: created)
            if rng.chance(0.06) {
                _ = try store.cancelRun(run.id, at: created.addingTimeInterval(Double.random(in: 5...300, using: &rng)))
                continue
            }
            let duration = Double.random(in: 40...540, using: &rng)
            let started = created.addingTimeInterval(Double.random(in: 1...20, using: &rng))
            _ = try store.execRun(run.id, at: started, duration: duration)
            if rng.chance(0.04) { _ = try store.cancelRun(run.id, at: started.addingTimeInterval(duration * 0.4)) }
        }
        _ = store.advance()
        // Now: a few mid-flight and a few waiting.
        for i in 0..<3 {
            let created = now.addingTimeInterval(-Double(60 - i * 10))
            let run = try store.createRun(CreateRunRequest(agentId: rng.pick(agentIds), prompt: rng.pick(prompts)), at: created)
            _ = try store.execRun(run.id, at: created.addingTimeInterval(Double.random(in: 1...5, using: &rng)),
                                  duration: Double.random(in: 60...150, using: &rng) / store.options.speed)
        }
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
