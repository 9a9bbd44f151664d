/// The log view of the selected run: which stream, following or paused where, and the search.
/// Positions count from the stream's first line ever (dropped lines included), so a paused view
/// stays on its lines while old ones are dropped.
public struct LogModel: Sendable, Hashable {
    public var stream: String?
    public var follow = true
    /// First visible line while not following.
    public var top = 0
    public var newWhilePaused = 0
    public var search = ""
    public var match: Int?
    public init() {}

    /// `top` as an index into the kept lines.
    public static func visibleTop(_ top: Int, dropped: Int, count: Int) -> Int {
        min(max(0, top - dropped), max(0, count - 1))
    }

    /// What the log pane shows: the geometry and the buffer the model is applied to.
    struct Frame {
        var buffer: LogBuffer
        var rows: Int
        var width: Int
        var wrap: Bool

        var followTop: Int { LogWindow.followTop(buffer.lines, height: rows, width: width, wrap: wrap) }
    }

    /// The first visible line, as an index into the kept lines.
    func currentTop(_ f: Frame) -> Int {
        follow ? f.followTop : Self.visibleTop(top, dropped: f.buffer.dropped, count: f.buffer.lines.count)
    }

    mutating func scroll(by delta: Int, _ f: Frame) {
        let bottom = f.followTop
        let target = min(max(0, currentTop(f).addingReportingOverflow(delta).partialValue), bottom)
        if delta > 0 && target >= bottom {
            follow = true  // back at the end: follow again
            newWhilePaused = 0
        } else if delta != 0 {
            follow = false
        }
        top = target + f.buffer.dropped
    }

    /// Pins the view where it is (before a change of follow or wrap moves it).
    mutating func pin(_ f: Frame) { top = currentTop(f) + f.buffer.dropped }

    mutating func toggleFollow(_ f: Frame) {
        follow.toggle()
        if follow { newWhilePaused = 0 } else { pin(f) }
    }

    mutating func show(stream: String?) {
        self.stream = stream
        top = 0
        match = nil
        follow = true
        newWhilePaused = 0
    }

    /// Moves to the next (or previous) line containing the search, wrapping around; false when none does.
    mutating func jumpToMatch(forward: Bool, _ f: Frame) -> Bool {
        let needle = search.lowercased()
        let lines = f.buffer.lines
        guard !needle.isEmpty, !lines.isEmpty else { return false }
        let dropped = f.buffer.dropped
        let start = match.map { max(-1, $0 - dropped) } ?? (forward ? currentTop(f) - 1 : currentTop(f))
        for step in 1...lines.count {
            let i = ((start + (forward ? step : -step)) % lines.count + lines.count) % lines.count
            if lines[i].lowercased().contains(needle) {
                match = i + dropped
                follow = false
                top = max(0, i - f.rows / 3) + dropped
                return true
            }
        }
        return false
    }

    /// Counts lines that arrived while paused.
    mutating func received(_ change: LogBuffer.Change) {
        if !follow, case .appended(let n) = change { newWhilePaused += n }
    }
}
