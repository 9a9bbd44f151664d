import CaseDevAPI
import Foundation
import RunFollow

public enum Pane: String, Sendable, Hashable, CaseIterable { case agents, runs, detail }

/// Everything the dashboard knows, as a composition of sub-models, each with the functions
/// that change it in its own area folder. `Dash.update` is the only way it changes.
public struct DashState: Sendable {
    public let config: DashConfig
    public var prefs: Preferences
    public var viewport: Viewport
    public var now: Date

    public var agentList = AgentList()
    public var runList: RunList
    public var store = RunStore()
    public var detail = DetailPane()
    public var poll: PollScheduler

    public var watchlist: Watchlist
    public var actionLog = ActionLog()
    /// What the guards have announced and cancelled.
    public var guards = GuardState()
    /// A cancel or execute over marked runs whose answers are still coming.
    public var bulk: BulkOperation?

    public var focus: Pane = .runs
    public var modal: Modal?
    public var prompt: LinePrompt?
    /// Commands typed at `:`, oldest first, kept while casedash runs.
    public var paletteHistory: [String] = []
    public var flash: Flash?
    public var quitting = false
    /// Effects raised by reducers deep in an update (a notification, a log line); `Dash.update`
    /// returns them with the rest.
    var outbox: [DashEffect] = []
    /// Kept between updates (see `currentUsageTotals`).
    var usageTotals: UsageTotals?

    public init(config: DashConfig, size: Size, now: Date, themes: [Theme] = [Theme.builtinDark], themeIndex: Int = 0) {
        self.config = config
        self.now = now
        prefs = Preferences(interval: config.interval, themes: themes, themeIndex: themeIndex)
        viewport = Viewport(size: size)
        runList = RunList(pageSize: config.pageSize)
        poll = PollScheduler(now: now)
        watchlist = Watchlist(onFailure: config.notifyOnFailure)
    }

    public var theme: Theme { prefs.theme }
    public var layout: Layout { viewport.layout }
    public var query: RunQuery { runList.query(pageSize: config.pageSize) }
    public var effectiveInterval: TimeInterval { poll.effectiveInterval(prefs.interval) }
    public var selectedRun: RunSummary? { runList.selected }
    public var selectedFollower: RunFollower? { runList.selectedRunId.flatMap { store.followers[$0] } }

    /// The selected run's log lines in the chosen source, before any filter.
    var logPage: LogPage? {
        guard let source = detail.log.source, let logs = selectedFollower?.logs else { return nil }
        return LogPage.make(logs, source: source, stamps: prefs.timestamps)
    }

    /// The lines the log pane shows (filtered when asked) and its geometry: what the log
    /// model's positions apply to.
    var logFrame: LogModel.Frame? {
        guard var page = logPage else { return nil }
        if detail.log.filtered, let index = detail.log.matches { page = page.filtered(index) }
        return LogModel.Frame(page: page, rows: layout.detailRows, width: layout.detailWidth, wrap: prefs.wrap)
    }

    public func duration(_ r: RunSummary) -> TimeInterval? { RunList.duration(r, now: now) }

    mutating func emit(_ effect: DashEffect) { outbox.append(effect) }

    /// Rebuilds the visible run list if one of its inputs changed.
    mutating func refreshVisible() {
        runList.refreshVisible(RunList.OrderKeys(agents: agentList, store: store, now: now))
    }
}
