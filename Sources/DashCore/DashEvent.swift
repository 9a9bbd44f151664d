import CaseDevAPI
import Foundation

/// Everything that can happen to the dashboard: input, time, and answers from the API.
public enum DashEvent: Sendable {
    case key(Key)
    case resize(Size)
    case tick(Date)
    case runsLoaded(RunPage, query: RunQuery, at: Date)
    case moreRunsLoaded(RunPage, query: RunQuery, at: Date)
    case agentsLoaded([Agent], at: Date)
    case detailsLoaded(RunDetails, at: Date)
    case requestFailed(RequestKind, CaseDevError, at: Date)
    case runCreated(RunCreated, exec: Result<RunExecResponse, CaseDevError>?)
    case runExecuted(RunExecResponse)
    case runCancelled(CancelResponse)
    case agentCreated(Agent)
    case executeAnswered(ExecuteResponse)
    case actionFailed(String, CaseDevError)
    case logSaved(path: String, lines: Int)
    case logSaveFailed(String)
}

/// Work the runtime does for the core; results come back as events.
public enum DashEffect: Sendable, Hashable {
    case fetchRuns(RunQuery)
    case fetchMoreRuns(RunQuery)
    case fetchAgents
    case fetchDetails(String)
    case createRun(CreateRunRequest, execute: Bool)
    case execRun(String)
    case cancelRun(String)
    case createAgent(CreateAgentRequest)
    case execute(ExecuteRequest)
    /// Write these lines to a new file at `path` (the directory may need creating).
    case saveLog(path: String, lines: [String], dropped: Int)
    case quit
}
