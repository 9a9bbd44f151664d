/// The log view of the selected run: which source (a stream or all), following or paused where,
/// the search and its matches, and whether only matching lines show. Positions count from the
/// page's first line ever (dropped lines included), so a paused view stays on its lines while
/// old ones are dropped.
public struct LogModel: Sendable, Hashable {
    /// nil until the run has logs: then `All` when it has several streams, else its one stream.
    public var source: LogSource?
    public var follow = true
    /// First visible line while not following.
    public var top = 0
    public var newWhilePaused = 0
    public private(set) var search: LogSearch?
    var matches: MatchIndex?
    /// The current match (a line position), after n / N or a new search.
    public var match: Int?
    /// Only matching lines are shown (`&`).
    public var filtered = false
    public init() {}

    public var searchText: String { search?.pattern ?? "" }
    public var matchCount: Int { matches?.matches.count ?? 0 }

    /// `top` as an index into the kept lines.
    public static func visibleTop(_ top: Int, dropped: Int, count: Int) -> Int {
        min(max(0, top - dropped), max(0, count - 1))
    }

    /// What the log pane shows and its geometry: what the model's positions apply to.
    struct Frame {
        var page: LogPage
        var rows: Int
        var width: Int
        var wrap: Bool

        var followTop: Int {
            LogWindow.followTop(count: page.count, height: rows, width: width, wrap: wrap) { page.text($0) }
        }
    }

    /// The first visible line, as an index into the page's kept lines.
    func currentTop(_ f: Frame) -> Int {
        follow ? f.followTop : Self.visibleTop(top, dropped: f.page.dropped, count: f.page.count)
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
        top = target + f.page.dropped
    }

    /// Pins the view where it is (before a change of follow or wrap moves it).
    mutating func pin(_ f: Frame) { top = currentTop(f) + f.page.dropped }

    mutating func toggleFollow(_ f: Frame?) {
        follow.toggle()
        if follow { newWhilePaused = 0 } else if let f { pin(f) }
    }

    /// Shows another source from its end; the search stays and is matched against it.
    mutating func show(_ source: LogSource?) {
        self.source = source
        top = 0
        match = nil
        follow = true
        newWhilePaused = 0
        matches = search.map { MatchIndex(search: $0, source: source ?? .all) }
    }

    mutating func setSearch(_ search: LogSearch?) {
        self.search = search
        match = nil
        matches = search.map { MatchIndex(search: $0, source: source ?? .all) }
        if search == nil { filtered = false }
    }

    /// Matches what arrived since the last call against the search.
    mutating func catchUp(_ page: LogPage?) {
        guard let page, matches != nil else { return }
        matches?.catchUp(page)
    }

    /// Moves to the next (or previous) match, wrapping around; false when nothing matches.
    mutating func jumpToMatch(forward: Bool, _ f: Frame) -> Bool {
        guard let index = matches else { return false }
        let from = match ?? (forward ? currentTop(f) + f.page.dropped - 1 : currentTop(f) + f.page.dropped)
        guard let target = index.next(after: from, forward: forward) else { return false }
        match = target
        follow = false
        if !filtered { top = max(f.page.dropped, target - f.rows / 3) }
        else if let i = index.matches.firstIndex(of: target) { top = max(0, i - f.rows / 3) }
        return true
    }

    /// Counts lines that arrived while paused.
    mutating func received(_ lines: Int) {
        if !follow { newWhilePaused += lines }
    }
}
