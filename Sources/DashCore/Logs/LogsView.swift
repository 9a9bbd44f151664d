import CaseDevAPI
import Foundation
import RunFollow

/// The logs tab of the detail pane: the chosen source's lines (a stream, or all merged with a
/// tag per line in the stream's colour), and the tab bar's account of streams, mode and search.
enum LogsView {
    /// The tab bar's right part: the sources with their line counts, how logs arrive, follow, wrap, search.
    static func status(_ s: DashState, _ follower: RunFollower, glyphs: Glyphs) -> [Segment] {
        let log = s.detail.log
        var right: [Segment] = []
        let sources = LogSource.available(follower.logs.names)
        if sources.isEmpty { right.append(Segment("no logs yet", .dim, priority: 9)) }
        for (i, source) in sources.enumerated() {
            let current = source == log.source
            let count = source.stream.map { follower.logs.streams[$0]?.totalLines ?? 0 } ?? follower.logs.merged.totalLines
            let name = Segment.Span(text: source.description, role: current ? .tabActive : source.stream.map(LogStreams.role) ?? .normal)
            var seg = Segment(spans: [(i == 0 ? "" : " · ", .dim)], priority: current ? 9 : 6, click: .source(source))
            seg.spans += [name, Segment.Span(text: " \(Format.count(count))", role: .dim)]
            right.append(seg)
        }
        let mode: (String, Role) = switch follower.mode {
        case .live: ("live", .ok)
        case .connecting: ("connecting…", .dim)
        case .polling: ("polling", .dim)
        }
        if !follower.isEnded { right.append(Segment("  \(mode.0)", mode.1, priority: 7)) }
        let on = glyphs.isASCII ? "on" : "●", off = glyphs.isASCII ? "off" : "○"
        right.append(Segment("  follow \(log.follow ? on : off)", log.follow ? .ok : .dim, priority: 5))
        right.append(Segment("  wrap \(s.prefs.wrap ? on : off)", .dim, priority: 2))
        if let search = log.search {
            let what = log.filtered ? "& \(Format.count(log.matchCount)) matching" : "\(Format.count(log.matchCount)) matches"
            right.append(Segment("  /\(Sanitizer.line(search.pattern))/ \(what)", .logMatch, priority: 8))
        }
        return right
    }

    static func body(_ g: inout Grid, _ s: DashState, _ follower: RunFollower, _ body: Rect) {
        let log = s.detail.log
        guard let full = s.logPage, var frame = s.logFrame else {
            let queued = (follower.status ?? s.selectedRun?.status) == .queued
            g.put(queued ? "Queued: no logs until the run starts (e executes it)." : "No log output yet.",
                  x: body.x + 1, y: body.y, role: .dim, limit: body.width - 1)
            return
        }
        var area = body
        if full.dropped > 0, !log.filtered {
            g.put("… \(Format.count(full.dropped)) earlier lines dropped (keeping the last \(Format.count(full.maxLines)))",
                  x: area.x + 1, y: area.y, role: .logMarker, limit: area.width - 1)
            area = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        }
        if log.filtered, frame.page.count == 0 {
            g.put("No line matches /\(Sanitizer.line(log.searchText))/ (& shows every line again)", x: area.x + 1, y: area.y,
                  role: .dim, limit: area.width - 1)
            return
        }
        // Paused with new lines below: the last row says so, and no line is drawn under it.
        let badge = !log.follow && log.newWhilePaused > 0 ? " +\(Format.count(log.newWhilePaused)) new lines (G or f to follow) " : nil
        if badge != nil, area.height > 1 { area.height -= 1 }
        frame.rows = area.height
        frame.width = area.width - 1
        let page = frame.page
        let rows = LogWindow.rows(count: page.count, top: log.currentTop(frame), height: area.height, width: frame.width,
                                  wrap: s.prefs.wrap) { page.text($0) }
        for (i, row) in rows.enumerated() {
            let y = area.y + i
            let line = page.lines[row.line]
            g.put(row.text, x: area.x + 1, y: y, role: .normal, limit: frame.width)
            let tagLength = page.tag(line).count
            if row.start < tagLength {
                g.paint(Rect(x: area.x + 1, y: y, width: min(tagLength - row.start, frame.width), height: 1), role: LogStreams.role(line.stream))
            }
            let number = log.filtered ? (log.matches?.matches[row.line] ?? -1) : row.line + page.dropped
            if number == log.match { g.put(g.glyphs.isASCII ? ">" : "▸", x: area.x, y: y, role: .logMatch) }
            if let ranges = log.matches?.ranges[number] {
                highlight(&g, row, line, page: page, ranges: ranges, x: area.x + 1, y: y, width: frame.width)
            }
        }
        if let badge {
            g.put(badge, x: max(area.x, area.maxX - DisplayWidth.of(badge) - 1), y: body.maxY - 1, role: .flashInfo)
        }
    }

    /// Marks the matches (UTF-16 ranges in the line's text) that fall in a drawn row.
    static func highlight(_ g: inout Grid, _ row: LogWindow.Row, _ line: LogLine, page: LogPage, ranges: [Range<Int>],
                          x: Int, y: Int, width: Int) {
        let utf16 = line.text.utf16
        let shift = page.tag(line).count - (page.stamps ? 0 : line.stampLength)
        let chars = Array(row.text)
        var columns: [Int] = [0]
        for c in chars { columns.append(columns.last! + DisplayWidth.of(c)) }
        for r in ranges {
            guard let lo = utf16.index(utf16.startIndex, offsetBy: r.lowerBound, limitedBy: utf16.endIndex),
                  let hi = utf16.index(utf16.startIndex, offsetBy: r.upperBound, limitedBy: utf16.endIndex),
                  let from = lo.samePosition(in: line.text), let to = hi.samePosition(in: line.text) else { continue }
            let start = line.text.distance(from: line.text.startIndex, to: from) + shift - row.start
            let end = line.text.distance(from: line.text.startIndex, to: to) + shift - row.start
            let a = max(0, start), b = min(chars.count, end)
            guard a < b else { continue }
            let left = columns[a], right = min(columns[b], width)
            if left < right { g.paint(Rect(x: x + left, y: y, width: right - left, height: 1), role: .logMatch) }
        }
    }
}
