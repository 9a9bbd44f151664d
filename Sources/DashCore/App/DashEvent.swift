import CaseDevAPI
import Foundation
import RunUsage

/// Everything that can happen to the dashboard: input, time, and answers from the API.
/// Answers carry what they answer (query, run id, action target), so a late or failed answer
/// is applied to what it was about.
public enum DashEvent: Sendable {
    case key(Key)
    case resize(Size)
    case tick(Date)
    /// A signal, a lost terminal or the runtime asks casedash to end.
    case quitRequested
    case runsLoaded(RunPage, query: RunQuery, at: Date)
    case moreRunsLoaded(RunPage, query: RunQuery, at: Date)
    case agentsLoaded([Agent], at: Date)
    /// A run's details, with the part of its logs the fetch asked for.
    case detailsRead(DetailsRead, at: Date)
    /// What a finished run cost (the token back-fill), read from its details.
    case costRead(RunCost, at: Date)
    case requestFailed(RequestKey, CaseDevError, at: Date)
    case runCreated(RunCreated, exec: Result<RunExecResponse, CaseDevError>?)
    case runExecuted(RunExecResponse)
    case runCancelled(CancelResponse)
    case agentCreated(Agent)
    case executeAnswered(ExecuteResponse)
    case actionFailed(ActionTarget, String, CaseDevError)
    case logSaved(path: String, lines: Int)
    case logSaveFailed(String)
    /// Events of a run's events stream, batched; `token` names the stream they came on.
    case runEvents(token: Int, runId: String, [RunEvent], at: Date)
    /// A run's events stream ended: `nil` after its last event, else why it failed.
    case eventsClosed(token: Int, runId: String, CaseDevError?, at: Date)
    /// The pager came back (with why it could not start, if it could not).
    case pagerClosed(problem: String?)
    case mouse(MouseEvent)
    /// The answer to `lookupRun`.
    case runLookedUp(RunStatusInfo)
    case runLookupFailed(String, CaseDevError)
    /// An agent's full definition (the list gives only some fields).
    case agentLoaded(Agent)
    case agentUpdated(Agent)
    case agentDeleted(String)
    case runWatched(String, WatchResponse)
    /// What finished runs cost, from the on-disk usage cache.
    case usageRecordsLoaded([UsageRecord])
    /// The runtime now talks to another context: everything known of the old one goes.
    case contextSwitched(DashConfig)
    /// The quota the server reported on its last answer.
    case quotaSeen(RateLimit, at: Date)
    case contextSwitchFailed(String)
}

extension DashEvent {
    /// Details read whole.
    public static func detailsLoaded(_ details: RunDetails, at: Date) -> DashEvent { .detailsRead(DetailsRead(details), at: at) }
}

/// Work the runtime does for the core; results come back as events.
public enum DashEffect: Sendable, Hashable {
    case fetchRuns(RunQuery)
    case fetchMoreRuns(RunQuery)
    case fetchAgents
    /// A run's details, keeping only the part of its logs `logs` names (none for a run that is
    /// not selected: its steps are what is wanted, as in the comparison of two runs).
    case fetchDetails(String, logs: LogsWanted = .none)
    /// What a finished run cost, for the token totals (its details, read for that only).
    case fetchCost(String)
    case createRun(CreateRunRequest, execute: Bool)
    case execRun(String)
    case cancelRun(String)
    case createAgent(CreateAgentRequest)
    case execute(ExecuteRequest)
    /// Write these lines to a new file at `path` (the directory may need creating).
    case saveLog(path: String, lines: [String], dropped: Int)
    /// Open the run's events stream, resuming after `after`; its events come back with `token`.
    case followEvents(runId: String, after: Int?, token: Int)
    /// Close the events stream opened with `token`.
    case stopFollowing(token: Int)
    /// Suspend the screen and show this (sanitised) text in the user's pager.
    case openPager(title: String, text: String)
    /// Tell the user through the terminal (bell, OSC 9 or OSC 777, as set): sanitised, ≤ 200 characters.
    case notifyTerminal(String)
    /// Put this (sanitised) text on the clipboard through the terminal (OSC 52).
    case copy(String)
    /// A line for the log file: an entry of the action log.
    case recordAction(String)
    /// Look a run up by its full id (`:run ID` of a run not in the list).
    case lookupRun(String)
    case fetchAgent(String)
    /// PATCH with only the changed fields; never retried.
    case updateAgent(String, UpdateAgentRequest)
    case deleteAgent(String)
    case watchRun(String, url: String)
    /// Keep what a finished run cost in the on-disk usage cache.
    case recordUsage(UsageRecord)
    /// Talk to another settings context from now on (its endpoint, key and settings).
    case switchContext(String)
    case quit

    /// The action an effect sends, if it is one: its answer or failure names the same target.
    public var actionTarget: ActionTarget? {
        switch self {
        case .createRun: .createRun
        case .execRun(let id), .cancelRun(let id): .run(id)
        case .createAgent: .createAgent
        case .execute: .oneShot
        case .updateAgent(let id, _), .deleteAgent(let id): .agent(id)
        case .watchRun(let id, _): .watch(id)
        default: nil
        }
    }
}
