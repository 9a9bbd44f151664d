import CaseDevAPI
import Foundation

/// The log view's reducer: streams, follow, wrap, search and writing a stream to a file.
enum LogsReducer {
    static func run(_ s: inout DashState, _ command: LogsCommand) -> [DashEffect] {
        switch command {
        case .nextStream:
            guard let names = s.selectedCache?.streams, !names.isEmpty else { return [] }
            let i = s.detail.log.stream.flatMap { names.firstIndex(of: $0) } ?? -1
            s.detail.log.show(stream: names[(i + 1) % names.count])
            s.detail.tab = .logs
        case .follow:
            if let f = s.logFrame { s.detail.log.toggleFollow(f) } else { s.detail.log.follow.toggle() }
        case .wrap:
            if let f = s.logFrame { s.detail.log.pin(f) }
            s.prefs.wrap.toggle()
        case .saveLog:
            return saveLog(&s)
        case .nextMatch, .previousMatch:
            jumpToMatch(&s, forward: command == .nextMatch)
        }
        return []
    }

    static func scroll(_ s: inout DashState, by delta: Int) {
        guard let f = s.logFrame else { return }
        s.detail.log.scroll(by: delta, f)
    }

    static func setSearch(_ s: inout DashState, _ text: String) {
        s.detail.log.search = text
        s.detail.log.match = nil
    }

    static func jumpToMatch(_ s: inout DashState, forward: Bool) {
        guard let f = s.logFrame, !s.detail.log.search.isEmpty else { return }
        if !s.detail.log.jumpToMatch(forward: forward, f) { s.show("No match for \"\(s.detail.log.search)\"", error: true) }
    }

    static func saveLog(_ s: inout DashState) -> [DashEffect] {
        guard let id = s.runList.selectedRunId, let stream = s.detail.log.stream, let buffer = s.logFrame?.buffer else {
            s.show("No log to save", error: true)
            return []
        }
        return [.saveLog(path: dumpPath(directory: s.config.dumpDirectory, runId: id, stream: stream, now: s.now),
                         lines: buffer.lines, dropped: buffer.dropped)]
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
        case .logSaved(let path, let lines): s.show("Saved \(Format.count(lines)) lines to \(path)")
        case .logSaveFailed(let reason): s.show("Could not save the log: \(reason)", error: true)
        default: break
        }
    }
}
