/// The terminal's size and the layout derived from it, recorded when either input changes (a
/// resize, a different number of agents), so reducers and the view use one geometry.
public struct Viewport: Sendable, Hashable {
    public private(set) var size: Size
    public private(set) var layout: Layout
    private var agentCount: Int

    public init(size: Size, agentCount: Int = 0) {
        self.size = size
        self.agentCount = agentCount
        layout = Layout(size, agents: agentCount)
    }

    mutating func resize(_ size: Size) {
        guard size != self.size else { return }
        self = Viewport(size: size, agentCount: agentCount)
    }

    mutating func agentsChanged(count: Int) {
        guard count != agentCount else { return }
        self = Viewport(size: size, agentCount: count)
    }
}
