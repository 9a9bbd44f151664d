import CaseDevAPI

/// The cells of the panes that change least, as last drawn, with what they were drawn from: a
/// pane whose inputs are the same as last frame is copied into the new frame, not drawn again.
/// While runs are live most frames come from the clock (ages, durations) or from the selected
/// run's new log lines; the agents and the token usage panes change with neither.
///
/// Only panes whose inputs are few and plain take part, and each pane names all of them in its
/// `Inputs` (a pane that read something not named there would be shown stale; the equivalence
/// test renders with and without the memo through many changes to catch that). The rows of the
/// run list take part one by one: each is drawn from its `RowInputs` alone.
public struct PaneMemo: Sendable {
    private var agents: Kept<AgentsView.Inputs>?
    private var usage: Kept<UsageView.Inputs>?
    /// The run rows of the last frame, by run, and those of the frame being drawn: only what is
    /// on screen is kept, however many runs come and go.
    private var runRows: [String: Kept<RunsView.RowInputs>] = [:]
    private var lastRunRows: [String: Kept<RunsView.RowInputs>] = [:]
    /// Panes, and run rows, copied rather than drawn, for tests.
    private(set) var reused = 0
    private(set) var reusedRows = 0

    public init() {}

    private struct Kept<Inputs: Hashable & Sendable>: Sendable {
        var inputs: Inputs
        var rect: Rect
        var cells: [Cell]
    }

    mutating func agentsPane(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        agents = draw(agents, AgentsView.Inputs(s), r, &g, copied: &reused) { AgentsView.pane(&$0, s, r) }
    }

    mutating func usagePane(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        usage = draw(usage, UsageView.Inputs(s), r, &g, copied: &reused) { UsageView.pane(&$0, s, r) }
    }

    /// Before the run rows of a frame: the rows kept so far become the last frame's.
    mutating func startRunRows() {
        swap(&lastRunRows, &runRows)
        runRows.removeAll(keepingCapacity: true)
    }

    mutating func runRow(_ g: inout Grid, _ inputs: RunsView.RowInputs, _ r: Rect, _ body: (inout Grid) -> Void) {
        runRows[inputs.run.id] = draw(lastRunRows[inputs.run.id], inputs, r, &g, copied: &reusedRows, body)
    }

    private func draw<I>(_ kept: Kept<I>?, _ inputs: I, _ r: Rect, _ g: inout Grid, copied: inout Int,
                         _ body: (inout Grid) -> Void) -> Kept<I> {
        if let kept, kept.rect == r, kept.inputs == inputs, g.place(kept.cells, in: r) {
            copied += 1
            return kept
        }
        body(&g)
        return Kept(inputs: inputs, rect: r, cells: g.cells(in: r))
    }
}

extension AgentsView {
    /// Everything the agents pane reads.
    struct Inputs: Hashable, Sendable {
        var focused: Bool
        var agents: Int, loaded: Bool, error: String?
        /// The run counts per agent.
        var runs: Int, hasMore: Bool, agentFilter: String?, statusFilter: RunStatus?
        var ascii: Bool

        init(_ s: DashState) {
            focused = s.focus == .agents
            agents = s.agentList.version
            loaded = s.agentList.loaded
            error = s.agentList.error
            runs = s.runList.version
            hasMore = s.runList.hasMore
            agentFilter = s.runList.agentFilter
            statusFilter = s.runList.statusFilter
            ascii = s.config.ascii
        }
    }
}

extension UsageView {
    /// Everything the token usage pane reads: the selected run's usage and the totals it shows.
    struct Inputs: Hashable, Sendable {
        var selected: String?
        var usage: Usage?
        var totals: UsageTotals.Shown
        var ascii: Bool

        init(_ s: DashState) {
            selected = s.runList.selectedRunId
            usage = selected.flatMap { s.store.details($0)?.usage }
            totals = s.currentUsageTotals.shown
            ascii = s.config.ascii
        }
    }
}
