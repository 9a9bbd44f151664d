import CaseDevAPI

/// The dialog over the panes, if any; it receives every key while it is open.
public enum Modal: Sendable, Hashable {
    case help(scroll: Int)
    case form(FormState)
    case confirmCancel(runId: String)
    case oneShot(OneShotResult)
}

/// The answer of a synchronous one-shot execute, shown in a dialog.
public struct OneShotResult: Sendable, Hashable {
    public var response: ExecuteResponse
    public var scroll = 0
}
