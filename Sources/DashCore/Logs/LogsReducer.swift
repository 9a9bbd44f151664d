import CaseDevAPI
import Foundation
import RunFollow

/// The log view's reducer: sources (streams and All), follow, wrap, timestamps, search and its
/// filter, and handing the view to a file or the pager.
enum LogsReducer {
    static func run(_ s: inout DashState, _ command: LogsCommand) -> [DashEffect] {
        switch command {
        case .nextStream, .previousStream:
            cycleSource(&s, forward: command == .nextStream)
        case .follow:
            s.detail.log.toggleFollow(s.logFrame)
        case .wrap:
            if let f = s.logFrame { s.detail.log.pin(f) }
            s.prefs.wrap.toggle()
        case .timestamps:
            if let f = s.logFrame { s.detail.log.pin(f) }
            s.prefs.timestamps.toggle()
            s.show("Timestamps \(s.prefs.timestamps ? "shown" : "hidden")")
        case .saveLog:
            return saveLog(&s)
        case .nextMatch, .previousMatch:
            jumpToMatch(&s, forward: command == .nextMatch)
        case .filterMatches:
            guard s.detail.log.search != nil else { s.show("Search first (/), then & shows only the matching lines", error: true); return [] }
            s.detail.log.filtered.toggle()
            s.detail.log.follow = true
            s.detail.log.top = 0
        case .openPager:
            guard let f = s.logFrame, let source = s.detail.log.source, let id = s.runList.selectedRunId else {
                s.show("No log to show", error: true)
                return []
            }
            let text = (0..<f.page.count).map { f.page.text($0) }.joined(separator: "\n") + "\n"
            return [.openPager(title: "\(Format.shortId(id)) \(source)", text: text)]
        }
        return []
    }

    static func cycleSource(_ s: inout DashState, forward: Bool) {
        guard let names = s.selectedFollower?.logs.names, !names.isEmpty else { return }
        let sources = LogSource.available(names)
        let i = s.detail.log.source.flatMap { sources.firstIndex(of: $0) } ?? (forward ? -1 : 0)
        s.detail.log.show(sources[(i + (forward ? 1 : sources.count - 1)) % sources.count])
        s.detail.log.catchUp(s.logPage)
        s.detail.tab = .logs
    }

    /// Picks the default source once the run has logs: All when there are several streams.
    static func chooseSource(_ s: inout DashState) {
        guard let names = s.selectedFollower?.logs.names, !names.isEmpty else { return }
        let sources = LogSource.available(names)
        if let current = s.detail.log.source, sources.contains(current) { return }
        // A second stream appeared under a single-stream view: the merged view becomes the default.
        s.detail.log.show(sources.first)
        s.detail.log.catchUp(s.logPage)
    }

    /// New lines for the selected run: count them while paused and match them against the search.
    static func received(_ s: inout DashState, _ changes: LogChanges) {
        chooseSource(&s)
        guard let source = s.detail.log.source else { return }
        if changes.rewritten, source == .all || changes.streams[source.stream ?? ""] == .rewritten {
            s.show("Log \(source) was rewritten by the server; reloaded")
        }
        s.detail.log.catchUp(s.logPage)
        s.detail.log.received(changes.appended(in: source.stream))
    }

    static func scroll(_ s: inout DashState, by delta: Int) {
        guard let f = s.logFrame else { return }
        s.detail.log.scroll(by: delta, f)
    }

    /// Applies a search while it is typed; an invalid pattern changes nothing and says why.
    static func setSearch(_ s: inout DashState, _ text: String) -> String? {
        guard !text.isEmpty else { s.detail.log.setSearch(nil); return nil }
        switch LogSearch.compile(text) {
        case .success(let search):
            s.detail.log.setSearch(search)
            s.detail.log.catchUp(s.logPage)
            return nil
        case .failure(let error):
            return error.message
        }
    }

    static func jumpToMatch(_ s: inout DashState, forward: Bool) {
        guard let f = s.logFrame, let search = s.detail.log.search else { return }
        if !s.detail.log.jumpToMatch(forward: forward, f) { s.show("No match for /\(Sanitizer.line(search.pattern))/", error: true) }
    }

    static func saveLog(_ s: inout DashState) -> [DashEffect] {
        guard let id = s.runList.selectedRunId, let source = s.detail.log.source, let f = s.logFrame else {
            s.show("No log to save", error: true)
            return []
        }
        let lines = (0..<f.page.count).map { f.page.text($0) }
        return [.saveLog(path: dumpPath(directory: s.config.dumpDirectory, runId: id, stream: source.stream ?? "all", now: s.now),
                         lines: lines, dropped: f.page.dropped)]
    }

    /// A file name made of the run, the stream and the time, with anything unsafe in a name replaced.
    static func dumpPath(directory: String, runId: String, stream: String, now: Date) -> String {
        let safe = { (t: String) in
            String(t.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" ? Character($0) : "_" })
        }
        let stamp = ISO8601.format(now).replacingOccurrences(of: ":", with: "").prefix(17)
        return "\(directory)/\(safe(runId))-\(safe(stream))-\(stamp).log"
    }

    static func saved(_ s: inout DashState, _ event: DashEvent) {
        switch event {
        case .logSaved(let path, let lines): s.show("Saved \(Format.count(lines, "line")) to \(Format.path(path, home: s.config.home))")
        case .logSaveFailed(let reason): s.show("Could not save the log: \(reason)", error: true)
        case .pagerClosed(let problem?): s.show(problem, error: true)
        default: break
        }
    }
}
