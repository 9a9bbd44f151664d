/// Where each pane goes for a terminal size. Shared by `update` (page sizes, scrolling) and
/// the view, so both agree on what is visible.
public struct Layout: Sendable, Hashable {
    public static let minimum = Size(cols: 60, rows: 16)

    public enum Mode: Sendable, Hashable { case full, reduced, tooSmall }

    public var mode: Mode
    public var header: Rect
    public var footer: Rect
    /// Boxed agents list (full) or one-line agent strip (reduced).
    public var agents: Rect
    public var usage: Rect?
    public var runs: Rect
    public var detail: Rect

    /// `agents` sizes the agents pane of the full layout (two lines an agent when it fits).
    public init(_ size: Size, agents agentCount: Int = 5) {
        let cols = size.cols, rows = size.rows
        header = Rect(x: 0, y: 0, width: cols, height: 1)
        footer = Rect(x: 0, y: rows - 1, width: cols, height: 1)
        guard cols >= Self.minimum.cols, rows >= Self.minimum.rows else {
            mode = .tooSmall
            agents = Rect(x: 0, y: 0, width: 0, height: 0); usage = nil; runs = agents; detail = agents
            return
        }
        let bodyTop = 1, bodyHeight = rows - 2
        if cols >= 100 && rows >= 28 {
            mode = .full
            let left = min(36, max(28, cols / 4))
            let agentsHeight = max(7, min(bodyHeight / 2, 2 * (agentCount + 1) + 2))
            agents = Rect(x: 0, y: bodyTop, width: left, height: agentsHeight)
            usage = Rect(x: 0, y: bodyTop + agentsHeight, width: left, height: bodyHeight - agentsHeight)
            let runsHeight = max(8, bodyHeight * 2 / 5)
            runs = Rect(x: left, y: bodyTop, width: cols - left, height: runsHeight)
            detail = Rect(x: left, y: bodyTop + runsHeight, width: cols - left, height: bodyHeight - runsHeight)
        } else {
            mode = .reduced
            agents = Rect(x: 0, y: bodyTop, width: cols, height: 1)
            usage = nil
            let runsHeight = max(6, (bodyHeight - 1) / 2)
            runs = Rect(x: 0, y: bodyTop + 1, width: cols, height: runsHeight)
            detail = Rect(x: 0, y: bodyTop + 1 + runsHeight, width: cols, height: bodyHeight - 1 - runsHeight)
        }
    }

    /// Rows of runs visible in the run pane (inside the border, below the column header).
    public var runRows: Int { max(1, runs.height - 3) }
    /// Rows of the detail body (inside the border, below the tab bar).
    public var detailRows: Int { max(1, detail.height - 3) }
    public var detailWidth: Int { max(1, detail.width - 2) }
}
