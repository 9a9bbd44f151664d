/// Moving between panes and within the focused one; a move means what the focused pane makes of it.
enum Navigation {
    static func run(_ s: inout DashState, _ command: NavCommand) -> [DashEffect] {
        switch command {
        case .nextPane, .previousPane:
            let panes = Pane.allCases
            let i = panes.firstIndex(of: s.focus) ?? 0
            s.focus = panes[(i + (command == .nextPane ? 1 : panes.count - 1)) % panes.count]
        case .up: return move(&s, by: -1)
        case .down: return move(&s, by: 1)
        case .pageUp: return move(&s, by: -page(s))
        case .pageDown: return move(&s, by: page(s))
        case .top: return move(&s, by: Int.min / 2)
        case .bottom: return move(&s, by: Int.max / 2)
        case .open:
            if s.focus == .agents, let id = s.runList.agentFilter { return AgentActions.open(&s, id) }
            if s.focus == .agents { s.focus = .runs } else if s.focus == .runs, s.runList.selectedRunId != nil { s.focus = .detail }
        case .back:
            back(&s)
        case .nextTab, .previousTab:
            let tabs = DetailTab.allCases
            let i = tabs.firstIndex(of: s.detail.tab) ?? 0
            s.detail.tab = tabs[(i + (command == .nextTab ? 1 : tabs.count - 1)) % tabs.count]
            s.detail.scroll = 0
            s.detail.stepCursor = 0
        }
        return []
    }

    /// Esc undoes the nearest thing: an error message, the log search, the detail focus, the run
    /// filters (text first, then agent and status).
    static func back(_ s: inout DashState) {
        if s.flash?.isError == true { s.flash = nil }
        else if s.focus == .detail, s.detail.log.search != nil { _ = LogsReducer.setSearch(&s, "") }
        else if s.focus == .detail { s.focus = .runs }
        else if !s.runList.textFilter.isEmpty { RunListReducer.setTextFilter(&s, "") }
        else if s.runList.agentFilter != nil || s.runList.statusFilter != nil {
            s.runList.statusFilter = nil
            Flows.setAgentFilter(&s, nil)
            Flows.resetRuns(&s)
            s.show("Showing every agent's runs, of every status")
        }
        else if s.focus == .agents { s.focus = .runs }
    }

    static func page(_ s: DashState) -> Int {
        switch s.focus {
        case .agents: max(1, s.layout.agents.height - 2)
        case .runs: s.layout.runRows
        case .detail: s.layout.detailRows
        }
    }

    static func move(_ s: inout DashState, by delta: Int) -> [DashEffect] {
        switch s.focus {
        case .agents:
            AgentsReducer.move(&s, by: delta)
        case .runs:
            return RunListReducer.move(&s, by: delta)
        case .detail:
            if s.detail.tab == .logs {
                LogsReducer.scroll(&s, by: delta)
            } else if s.detail.tab == .steps {
                let count = s.selectedFollower?.details?.steps.count ?? 0
                s.detail.stepCursor = min(max(0, s.detail.stepCursor.addingReportingOverflow(delta).partialValue), max(0, count - 1))
            } else {
                s.detail.scroll = max(0, s.detail.scroll.addingReportingOverflow(delta).partialValue)
            }
        }
        return []
    }
}
