/// What an action request acts on. In-flight actions are tracked per target, so a one-shot
/// execute that waits for minutes does not hold a cancel of another run.
public enum ActionTarget: Sendable, Hashable, CustomStringConvertible {
    case run(String)
    case createRun
    case createAgent
    case oneShot
    /// Editing or deleting an agent.
    case agent(String)
    /// Registering a watcher on a run.
    case watch(String)

    public var description: String {
        switch self {
        case .run(let id): "run \(id)"
        case .createRun: "create run"
        case .createAgent: "create agent"
        case .oneShot: "one-shot execute"
        case .agent(let id): "agent \(id)"
        case .watch(let id): "watcher of run \(id)"
        }
    }
}

/// One request the dashboard may have in flight; at most one of each key at a time. Answers
/// and failures carry their key, so a failure is applied to what it was about.
public enum RequestKey: Sendable, Hashable, CustomStringConvertible {
    case runs
    case moreRuns
    case agents
    case details(String)
    /// A finished run read for its cost only (the token back-fill): no details are kept.
    case cost(String)
    case action(ActionTarget)

    public var description: String {
        switch self {
        case .runs: "runs"
        case .moreRuns: "more runs"
        case .agents: "agents"
        case .details(let id): "details of \(id)"
        case .cost(let id): "cost of \(id)"
        case .action(let target): target.description
        }
    }
}
