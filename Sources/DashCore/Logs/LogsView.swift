import CaseDevAPI
import Foundation

/// The logs tab of the detail pane: the lines of the chosen stream, and its status in the tab bar.
enum LogsView {
    /// The tab bar's right part: stream, line count, follow, wrap, search.
    static func status(_ s: DashState, _ cache: RunCache, glyphs: Glyphs) -> [Segment] {
        let log = s.detail.log
        var right: [Segment] = []
        if let stream = log.stream, let buffer = cache.logs[stream] {
            let names = cache.streams
            let i = (names.firstIndex(of: stream) ?? 0) + 1
            right.append(Segment("\(Sanitizer.line(stream)) (\(i)/\(names.count))", LogStreams.role(stream), priority: 9))
            right.append(Segment("  \(Format.count(buffer.totalLines)) lines", .dim, priority: 1))
        } else {
            right.append(Segment("no logs yet", .dim, priority: 9))
        }
        let on = glyphs.isASCII ? "on" : "●", off = glyphs.isASCII ? "off" : "○"
        right.append(Segment("  follow \(log.follow ? on : off)", log.follow ? .ok : .dim, priority: 5))
        right.append(Segment("  wrap \(s.prefs.wrap ? on : off)", .dim, priority: 2))
        if !log.search.isEmpty { right.append(Segment("  /\(Sanitizer.line(log.search))", .logMatch, priority: 4)) }
        return right
    }

    static func body(_ g: inout Grid, _ s: DashState, _ cache: RunCache, _ body: Rect) {
        let log = s.detail.log
        guard let stream = log.stream, let buffer = cache.logs[stream] else {
            let text = cache.details.status == .queued ? "Queued: no logs until the run starts (e executes it)." : "No log output yet."
            g.put(text, x: body.x + 1, y: body.y, role: .dim, limit: body.width - 1)
            return
        }
        var area = body
        if buffer.dropped > 0 {
            g.put("… \(Format.count(buffer.dropped)) earlier lines dropped (keeping the last \(Format.count(buffer.maxLines)))",
                  x: area.x + 1, y: area.y, role: .logMarker, limit: area.width - 1)
            area = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        }
        let width = area.width - 1
        let frame = LogModel.Frame(buffer: buffer, rows: area.height, width: width, wrap: s.prefs.wrap)
        let rows = LogWindow.rows(buffer.lines, top: log.currentTop(frame), height: area.height, width: width, wrap: s.prefs.wrap)
        let needle = log.search.lowercased()
        for (i, row) in rows.enumerated() {
            let y = area.y + i
            g.put(row.text, x: area.x + 1, y: y, role: .normal, limit: width)
            if row.line + buffer.dropped == log.match { g.put(g.glyphs.isASCII ? ">" : "▸", x: area.x, y: y, role: .logMatch) }
            if !needle.isEmpty { highlight(&g, row.text, needle, x: area.x + 1, y: y, width: width) }
        }
        if !log.follow, log.newWhilePaused > 0 {
            let badge = " +\(Format.count(log.newWhilePaused)) new lines (G or f to follow) "
            g.put(badge, x: max(area.x, area.maxX - DisplayWidth.of(badge) - 1), y: area.maxY - 1, role: .flashInfo)
        }
    }

    /// Marks every occurrence of `needle` (lowercased) in a drawn row.
    static func highlight(_ g: inout Grid, _ text: String, _ needle: String, x: Int, y: Int, width: Int) {
        let chars = Array(text)
        let lower = chars.map { Character($0.lowercased()) }
        let n = Array(needle)
        guard n.count <= chars.count else { return }
        var col = 0
        var columns: [Int] = []
        for c in chars { columns.append(col); col += DisplayWidth.of(c) }
        var i = 0
        while i + n.count <= chars.count {
            if Array(lower[i..<i + n.count]) == n {
                let start = columns[i], end = i + n.count < columns.count ? columns[i + n.count] : col
                if start < width { g.paint(Rect(x: x + start, y: y, width: min(end, width) - start, height: 1), role: .logMatch) }
                i += n.count
            } else {
                i += 1
            }
        }
    }
}
