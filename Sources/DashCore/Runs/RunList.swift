import CaseDevAPI
import Foundation

/// The run queue: the loaded runs, how far the user paged, the filters and sort, the selection,
/// and the visible list (filtered and sorted), rebuilt only when one of its inputs changed.
public struct RunList: Sendable {
    public static let changeHighlight: TimeInterval = 4

    public private(set) var runs: [RunSummary] = []
    public var loaded = false
    public var hasMore = false
    public var nextCursor: String?
    /// How many runs the list holds: a page, plus the pages the user scrolled into. New runs
    /// push the oldest out, so a dashboard left open for days does not grow.
    public var loadedCount: Int
    public var agentFilter: String?
    public var statusFilter: RunStatus?
    public var textFilter = ""
    public var sort: SortOrder = .newest
    public var selectedRunId: String?
    /// First visible row of the run pane.
    public var scroll = 0
    /// Select this run as soon as the list shows it (after create or one-shot).
    public var pendingSelection: String?
    public var changedAt: [String: Date] = [:]
    /// Runs marked with Space, by id: kept across refreshes, dropped when they leave the list.
    public private(set) var marks: Set<String> = []
    /// A run opened by id (`:run ID`) that the list may not hold: kept in it while it is looked at.
    public private(set) var pinned: RunSummary?
    public private(set) var visible: [RunSummary] = []
    private var visibleInputs: VisibleInputs?
    /// Changes whenever the runs may have; memos key on it.
    public private(set) var version = 0

    public init(pageSize: Int) { loadedCount = pageSize }

    /// What the visible list depends on; a field is nil when the current filter and sort do not read it.
    struct VisibleInputs: Hashable {
        var version: Int, textFilter: String, sort: SortOrder
        var names: Int?, tokens: Int?, now: Date?
    }

    /// What sorting and filtering read from outside the list.
    struct OrderKeys {
        var agents: AgentList
        var store: RunStore
        var now: Date
    }

    public func query(pageSize: Int) -> RunQuery {
        RunQuery(agentId: agentFilter, status: statusFilter, limit: min(250, max(pageSize, loadedCount)))
    }

    public var selected: RunSummary? { runs.first { $0.id == selectedRunId } }

    public func count(_ status: RunStatus) -> Int { runs.reduce(0) { $0 + ($1.status == status ? 1 : 0) } }

    public func visibleIndex(of id: String?) -> Int? { id.flatMap { id in visible.firstIndex { $0.id == id } } }

    mutating func replaceRuns(_ runs: [RunSummary]) {
        self.runs = runs
        version += 1
    }

    mutating func appendRuns(_ more: [RunSummary]) {
        runs += more
        version += 1
    }

    /// A newer status than the list's (from details or the events stream); a finished run stays
    /// finished. Returns whether the run just ended.
    @discardableResult
    mutating func applyStatus(_ id: String, _ status: RunStatus, at: Date, startedAt: Date? = nil, completedAt: Date? = nil) -> Bool {
        guard let i = runs.firstIndex(where: { $0.id == id }), runs[i].status != status, !runs[i].status.isTerminal else { return false }
        runs[i].status = status
        runs[i].startedAt = startedAt ?? runs[i].startedAt ?? (status == .running ? at : nil)
        runs[i].completedAt = completedAt ?? runs[i].completedAt ?? (status.isTerminal ? at : nil)
        changedAt[id] = at
        version += 1
        return status.isTerminal
    }

    /// The runs an action applies to: the marked ones (in list order), else the selected one.
    public var targets: [RunSummary] {
        guard !marks.isEmpty else { return selected.map { [$0] } ?? [] }
        return runs.filter { marks.contains($0.id) }
    }

    /// Marks or unmarks a run; returns whether it is marked now.
    mutating func toggleMark(_ id: String) -> Bool {
        if marks.remove(id) != nil { return false }
        marks.insert(id)
        return true
    }

    mutating func clearMarks() { marks = [] }

    mutating func pin(_ run: RunSummary) {
        pinned = run
        keepPinned()
    }

    /// The pinned run leaves the list at the next refresh unless the server lists it.
    mutating func unpin() { pinned = nil }

    private mutating func keepPinned() {
        guard let p = pinned, !runs.contains(where: { $0.id == p.id }) else { return }
        replaceRuns([p] + runs)
    }

    /// Fills a pinned run's row from its details (the lookup gave only its status).
    mutating func fillPinned(from d: RunDetails) {
        guard var p = pinned, p.id == d.id else { return }
        p.agentId = d.agentId; p.prompt = d.prompt; p.model = d.model; p.createdAt = d.createdAt
        p.status = d.status; p.startedAt = d.startedAt; p.completedAt = d.completedAt
        pinned = p
        if let i = runs.firstIndex(where: { $0.id == d.id }) { runs[i] = p; version += 1 }
    }

    mutating func reset(pageSize: Int) {
        replaceRuns([])
        loaded = false
        hasMore = false
        nextCursor = nil
        loadedCount = pageSize
        scroll = 0
    }

    mutating func scrollTo(index: Int, rows: Int) {
        if index < scroll { scroll = index }
        if index >= scroll + rows { scroll = index - rows + 1 }
        scroll = max(0, scroll)
    }

    mutating func refreshVisible(_ keys: OrderKeys) {
        let needle = textFilter.lowercased()
        let inputs = VisibleInputs(version: version, textFilter: needle, sort: sort,
                                   names: !needle.isEmpty || sort == .agent ? keys.agents.version : nil,
                                   tokens: sort == .tokens ? keys.store.usageVersion : nil,
                                   now: sort == .duration ? keys.now : nil)
        guard inputs != visibleInputs else { return }
        visibleInputs = inputs
        var list = runs
        if !needle.isEmpty {
            list = list.filter { r in
                r.prompt.lowercased().contains(needle) || r.id.lowercased().contains(needle)
                    || keys.agents.name(r.agentId).lowercased().contains(needle) || r.status.rawValue.contains(needle)
            }
        }
        visible = Self.sorted(list, by: sort, keys)
    }

    /// Stable sorts: equal keys keep the server's newest-first order.
    static func sorted(_ list: [RunSummary], by sort: SortOrder, _ keys: OrderKeys) -> [RunSummary] {
        func stable<K: Comparable>(_ key: (RunSummary) -> K, descending: Bool = false) -> [RunSummary] {
            let keyed: [(key: K, offset: Int, run: RunSummary)] = list.enumerated().map { (key($0.element), $0.offset, $0.element) }
            let ordered = keyed.sorted { a, b in
                if a.key == b.key { return a.offset < b.offset }
                return descending ? a.key > b.key : a.key < b.key
            }
            return ordered.map { $0.run }
        }
        switch sort {
        case .newest: return list
        case .oldest: return list.reversed()
        case .status: return stable { statusRank($0.status) }
        case .agent: return stable { keys.agents.name($0.agentId) }
        case .duration: return stable({ duration($0, now: keys.now) ?? -1 }, descending: true)
        case .tokens: return stable({ keys.store.tokens($0.id) ?? -1 }, descending: true)
        }
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
    public static func duration(_ r: RunSummary, now: Date) -> TimeInterval? {
        guard let start = r.startedAt else { return nil }
        return max(0, (r.completedAt ?? (r.status.isTerminal ? start : now)).timeIntervalSince(start))
    }
}

extension RunList {
    /// Takes a fresh first page. Runs beyond it that the user paged into are kept (newest
    /// first), up to `loadedCount`; status changes are remembered for the highlight. Returns the
    /// runs that ended since the last page.
    mutating func merge(_ page: RunPage, at: Date) -> [(id: String, status: RunStatus)] {
        let old = Dictionary(runs.map { ($0.id, $0.status) }, uniquingKeysWith: { a, _ in a })
        let fresh = Set(page.runs.map(\.id))
        var kept: [RunSummary] = []
        if page.hasMore, let oldest = page.runs.last?.createdAt {
            kept = runs.filter { !fresh.contains($0.id) && ($0.createdAt ?? .distantPast) < oldest }
        }
        var ended: [(id: String, status: RunStatus)] = []
        for r in page.runs where old[r.id].map({ $0 != r.status }) ?? false {
            changedAt[r.id] = at
            if r.status.isTerminal, old[r.id]?.isTerminal == false { ended.append((r.id, r.status)) }
        }
        changedAt = changedAt.filter { at.timeIntervalSince($0.value) < Self.changeHighlight }
        let merged = page.runs + kept
        replaceRuns(Array(merged.prefix(max(loadedCount, page.runs.count))))
        if kept.isEmpty {
            hasMore = page.hasMore
            nextCursor = page.nextCursor
        } else if runs.count < merged.count {
            hasMore = true  // the oldest were pushed out; they can be paged in again
            nextCursor = runs.last?.id
        }
        loaded = true
        keepPinned()
        if !marks.isEmpty { marks.formIntersection(runs.map(\.id)) }
        return ended
    }

    /// Takes a further page the user scrolled into.
    mutating func append(_ page: RunPage) {
        let known = Set(runs.map(\.id))
        appendRuns(page.runs.filter { !known.contains($0.id) })
        loadedCount = runs.count
        hasMore = page.hasMore
        nextCursor = page.nextCursor
    }

    func answers(_ query: RunQuery) -> Bool { query.agentId == agentFilter && query.status == statusFilter }

    /// Nothing changed that the user could see: same runs, same statuses.
    func isUnchanged(by page: RunPage) -> Bool {
        page.runs.count <= runs.count && zip(page.runs, runs).allSatisfy { $0.id == $1.id && $0.status == $1.status }
    }
}
