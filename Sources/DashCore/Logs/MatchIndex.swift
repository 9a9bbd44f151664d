import DequeModule
import RunFollow

/// Which lines of a log page match the search, and where in each. Lines are matched once, when
/// they arrive or when the pattern or the page changes, never per frame.
struct MatchIndex: Sendable, Hashable {
    let search: LogSearch
    let source: LogSource
    /// Absolute line numbers (dropped lines counted), ascending.
    private(set) var matches: [Int] = []
    /// Match ranges in each matching line's text, as UTF-16 offsets.
    private(set) var ranges: [Int: [Range<Int>]] = [:]
    private var scanned = 0
    private var generation = 0

    init(search: LogSearch, source: LogSource) {
        self.search = search
        self.source = source
    }

    /// Matches the lines that arrived since the last call (all of them when the page was
    /// reordered), and forgets lines that were dropped.
    mutating func catchUp(_ page: LogPage) {
        if page.generation != generation || scanned > page.total {
            matches = []
            ranges = [:]
            scanned = page.dropped
            generation = page.generation
        }
        if let first = matches.first, first < page.dropped {
            let keep = matches.firstIndex { $0 >= page.dropped } ?? matches.count
            for n in matches[..<keep] { ranges[n] = nil }
            matches.removeFirst(keep)
        }
        for n in max(scanned, page.dropped)..<page.total {
            let found = search.ranges(in: page.lines[n - page.dropped].text)
            if !found.isEmpty {
                matches.append(n)
                ranges[n] = found
            }
        }
        scanned = page.total
    }

    /// The next (or previous) match after `position`, wrapping around.
    func next(after position: Int, forward: Bool) -> Int? {
        guard !matches.isEmpty else { return nil }
        if forward { return matches.first { $0 > position } ?? matches.first }
        return matches.last { $0 < position } ?? matches.last
    }
}
