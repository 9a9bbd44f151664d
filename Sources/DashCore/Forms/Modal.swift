import CaseDevAPI

/// The dialog over the panes, if any; it receives every key while it is open.
public enum Modal: Sendable, Hashable {
    case help(scroll: Int)
    case form(FormState)
    /// Cancel these runs (one, or the marked ones)? `y` confirms, anything else keeps them.
    case confirmCancel(runIds: [String])
    case oneShot(OneShotResult)
    /// The action log, newest first.
    case actionLog(scroll: Int)
    /// An agent's definition and its runs.
    case agent(id: String, scroll: Int)
    /// One step of the selected run: its input, output and the log lines of its time.
    case step(index: Int, scroll: Int)
    /// Two runs side by side.
    case diff(a: String, b: String, scroll: Int)
    /// Every agent's health, sortable; Enter shows an agent's runs.
    case health(cursor: Int, sort: AgentHealth.Sort)
    /// Delete this agent? Only its name typed whole, then Enter, deletes it.
    case confirmDelete(agentId: String, typed: String)
}

/// The answer of a synchronous one-shot execute, shown in a dialog.
public struct OneShotResult: Sendable, Hashable {
    public var response: ExecuteResponse
    public var scroll = 0
}
