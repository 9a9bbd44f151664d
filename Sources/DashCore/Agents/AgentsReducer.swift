import CaseDevAPI
import Foundation

/// The agents list's reducer: answers, and moving the highlight (which is the agent filter).
enum AgentsReducer {
    static func loaded(_ s: inout DashState, _ agents: [Agent], at: Date) {
        s.poll.inFlight.remove(.agents)
        s.poll.serverAnswered(at: at)
        s.agentList.load(agents)
        s.poll.nextAgentsPoll = at.addingTimeInterval(s.config.agentsInterval)
        s.viewport.agentsChanged(count: agents.count)
        if let filter = s.runList.agentFilter, !s.agentList.contains(filter) {
            Flows.setAgentFilter(&s, nil)
            s.show("The agent the runs were filtered by no longer exists; showing all runs", error: true)
        }
    }

    static func move(_ s: inout DashState, by delta: Int) {
        let row = s.agentList.row(of: s.runList.agentFilter)
        let target = min(max(0, row.addingReportingOverflow(delta).partialValue), s.agentList.agents.count)
        guard target != row else { return }
        Flows.setAgentFilter(&s, s.agentList.filter(atRow: target))
    }
}
