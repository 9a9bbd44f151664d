public enum DetailTab: String, Sendable, Hashable, CaseIterable { case logs, steps, output, usage }

/// The run detail pane: which tab, how far a text tab is scrolled, and the log view.
public struct DetailPane: Sendable, Hashable {
    public var tab: DetailTab = .logs
    /// First line of the steps, output and usage tabs.
    public var scroll = 0
    public var log = LogModel()
    /// The highlighted step of the steps tab, in its current order.
    public var stepCursor = 0
    public var stepOrder: StepWaterfall.Order = .time
    public init() {}
}
