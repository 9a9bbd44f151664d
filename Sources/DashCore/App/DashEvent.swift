import CaseDevAPI
import Foundation

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
    case detailsLoaded(RunDetails, at: Date)
    case requestFailed(RequestKey, CaseDevError, at: Date)
    case runCreated(RunCreated, exec: Result<RunExecResponse, CaseDevError>?)
    case runExecuted(RunExecResponse)
    case runCancelled(CancelResponse)
    case agentCreated(Agent)
    case executeAnswered(ExecuteResponse)
    case actionFailed(ActionTarget, String, CaseDevError)
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

    /// The action an effect sends, if it is one: its answer or failure names the same target.
    public var actionTarget: ActionTarget? {
        switch self {
        case .createRun: .createRun
        case .execRun(let id), .cancelRun(let id): .run(id)
        case .createAgent: .createAgent
        case .execute: .oneShot
        default: nil
        }
    }
}
