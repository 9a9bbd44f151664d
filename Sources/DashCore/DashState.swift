import CaseDevAPI
import Foundation

/// Settings fixed at start-up.
public struct DashConfig: Sendable, Hashable {
    /// Host (and port) of the API, shown in the header. Never the key.
    public var endpoint: String
    public var demo: Bool
    public var readonly: Bool
    public var interval: TimeInterval
    public var agentsInterval: TimeInterval
    public var pageSize: Int
    public var logLineLimit: Int
    /// Where `W` writes log streams.
    public var dumpDirectory: String

    public init(endpoint: String, demo: Bool = false, readonly: Bool = false, interval: TimeInterval = 2,
                agentsInterval: TimeInterval = 30, pageSize: Int = 100, logLineLimit: Int = 10_000,
                dumpDirectory: String = "/tmp/casedash-dumps") {
        self.endpoint = endpoint; self.demo = demo; self.readonly = readonly; self.interval = interval
        self.agentsInterval = agentsInterval; self.pageSize = pageSize; self.logLineLimit = logLineLimit
        self.dumpDirectory = dumpDirectory
    }
}

public enum Pane: String, Sendable, Hashable, CaseIterable { case agents, runs, detail }

public enum DetailTab: String, Sendable, Hashable, CaseIterable { case logs, steps, output, usage }

public enum SortOrder: String, Sendable, Hashable, CaseIterable {
    case newest, oldest, status, agent, duration, tokens
}

/// What the run list asks the server for: one request gives every visible status.
public struct RunQuery: Sendable, Hashable {
    public var agentId: String?
    public var status: RunStatus?
    public var limit: Int
    public var cursor: String?
    public init(agentId: String?, status: RunStatus?, limit: Int, cursor: String? = nil) {
        self.agentId = agentId; self.status = status; self.limit = limit; self.cursor = cursor
    }
}

/// The kinds of request the dashboard makes; at most one of each is in flight.
public enum RequestKind: String, Sendable, Hashable { case runs, moreRuns, agents, details, action }

/// How the last polls went.
public struct Connection: Sendable, Hashable {
    public var lastSuccess: Date?
    public var lastError: String?
    public var failures = 0
    public var retryAt: Date?
    public init() {}
    public var isFailing: Bool { failures > 0 }
}

/// Everything known about one run beyond its list row; finished runs never change, so their
/// entry is kept and never fetched again (within the cache bound).
public struct RunCache: Sendable, Hashable {
    public var details: RunDetails
    public var logs: [String: LogBuffer]
    public var fetchedAt: Date
}

/// The log view of the selected run.
public struct LogView: Sendable, Hashable {
    public var stream: String?
    public var follow = true
    /// First visible line while not following, counted from the stream's first line ever
    /// (dropped lines included), so the view stays put while old lines are dropped.
    public var top = 0
    public var newWhilePaused = 0
    public var search = ""
    public var match: Int?
    public init() {}

    /// `top` as an index into the kept lines.
    public static func visibleTop(_ top: Int, dropped: Int, count: Int) -> Int {
        min(max(0, top - dropped), max(0, count - 1))
    }
}

public struct Flash: Sendable, Hashable {
    public var text: String
    public var isError: Bool
    public var until: Date
    public init(text: String, isError: Bool, until: Date) { self.text = text; self.isError = isError; self.until = until }
}

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

/// What the user is typing into a one-line prompt (filter or log search).
public enum LineInput: Sendable, Hashable { case runFilter, logSearch }

public struct DashState: Sendable {
    public var config: DashConfig
    public var size: Size
    public var now: Date
    public var themes: [Theme]
    public var themeIndex = 0
    public var ascii = false

    public var agents: [Agent] = []
    public var agentsLoaded = false
    public var runs: [RunSummary] = []
    public var runsLoaded = false
    public var hasMore = false
    public var nextCursor: String?
    /// How many runs the list holds: a page, plus the pages the user scrolled into. New runs
    /// push the oldest out, so a dashboard left open for days does not grow.
    public var loadedCount = 0
    public var caches: [String: RunCache] = [:]
    public var cacheOrder: [String] = []
    /// Tokens and cost of finished runs, kept after their cache entry is evicted.
    public var usage: [String: Usage] = [:]
    public var changedAt: [String: Date] = [:]

    public var focus: Pane = .runs
    public var agentFilter: String?
    public var agentCursor = 0
    public var statusFilter: RunStatus?
    public var textFilter = ""
    public var sort: SortOrder = .newest
    public var selectedRunId: String?
    public var runScroll = 0
    public var detailTab: DetailTab = .logs
    public var log = LogView()
    public var wrap = false
    public var detailScroll = 0
    public var input: LineInput?
    public var inputText = ""

    public var inFlight: Set<RequestKind> = []
    public var connection = Connection()
    public var agentsError: String?
    public var nextRunsPoll: Date
    public var nextAgentsPoll: Date
    public var nextDetailsPoll: Date?
    /// A refresh was asked for while the list request was in flight: poll again when it lands.
    public var pollAgain = false
    /// List polls in a row that changed nothing while nothing was queued or running.
    public var quietPolls = 0
    /// Runs for which an exec was sent: a second press must not send another.
    public var execSent: Set<String> = []
    /// Select this run as soon as the list shows it (after create or one-shot).
    public var pendingSelection: String?
    public var flash: Flash?
    public var modal: Modal?
    public var quitting = false

    public init(config: DashConfig, size: Size, now: Date, themes: [Theme] = [Theme.builtinDark]) {
        self.config = config
        self.size = size
        self.now = now
        self.themes = themes.isEmpty ? [Theme.builtinDark] : themes
        nextRunsPoll = now
        nextAgentsPoll = now
        loadedCount = config.pageSize
    }

    public var theme: Theme { themes[themeIndex % themes.count] }

    /// The list poll interval in force: the configured one, stretched (up to 4×, at most 30 s)
    /// while nothing runs and nothing changes, back to normal on any change or key press.
    public var effectiveInterval: TimeInterval {
        let factor: Double = quietPolls >= 10 ? 4 : quietPolls >= 5 ? 2 : 1
        return max(config.interval, min(config.interval * factor, 30))
    }

    public var query: RunQuery {
        RunQuery(agentId: agentFilter, status: statusFilter, limit: min(250, max(config.pageSize, loadedCount)))
    }

    public var selectedRun: RunSummary? { runs.first { $0.id == selectedRunId } }

    public func agentName(_ id: String) -> String {
        agents.first { $0.id == id }.map { Sanitizer.line($0.name) } ?? id
    }

    /// Runs after the text filter and the sort, as the run pane lists them.
    public var visibleRuns: [RunSummary] {
        var list = runs
        let needle = textFilter.lowercased()
        if !needle.isEmpty {
            list = list.filter { r in
                r.prompt.lowercased().contains(needle) || r.id.lowercased().contains(needle)
                    || agentName(r.agentId).lowercased().contains(needle) || r.status.rawValue.contains(needle)
            }
        }
        switch sort {
        case .newest: break
        case .oldest: list.reverse()
        case .status: list = list.enumerated().sorted { a, b in
            let ra = Self.statusRank(a.element.status), rb = Self.statusRank(b.element.status)
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
        case .agent: list = list.enumerated().sorted { a, b in
            let na = agentName(a.element.agentId), nb = agentName(b.element.agentId)
            return na != nb ? na < nb : a.offset < b.offset
        }.map(\.element)
        case .duration: list = list.enumerated().sorted { a, b in
            let da = duration(a.element) ?? -1, db = duration(b.element) ?? -1
            return da != db ? da > db : a.offset < b.offset
        }.map(\.element)
        case .tokens: list = list.enumerated().sorted { a, b in
            let ta = tokens(a.element.id) ?? -1, tb = tokens(b.element.id) ?? -1
            return ta != tb ? ta > tb : a.offset < b.offset
        }.map(\.element)
        }
        return list
    }

    static func statusRank(_ s: RunStatus) -> Int {
        switch s {
        case .running: 0
        case .queued: 1
        case .failed: 2
        case .completed: 3
        case .cancelled: 4
        case .other: 5
        }
    }

    /// Seconds the run has been running (ticking while it runs).
    public func duration(_ r: RunSummary) -> TimeInterval? {
        guard let start = r.startedAt else { return nil }
        return max(0, (r.completedAt ?? (r.status.isTerminal ? start : now)).timeIntervalSince(start))
    }

    public func tokens(_ runId: String) -> Int? {
        (caches[runId]?.details.usage ?? usage[runId]).map(\.totalTokens)
    }

    public func count(_ status: RunStatus) -> Int { runs.filter { $0.status == status }.count }
}
