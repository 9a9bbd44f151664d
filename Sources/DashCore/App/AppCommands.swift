import Foundation

/// Commands of the whole dashboard: quit, help, refresh cadence, theme.
enum AppReducer {
    static func run(_ s: inout DashState, _ command: AppCommand) -> [DashEffect] {
        switch command {
        case .quit:
            return Dash.quit(&s)
        case .help:
            s.modal = .help(scroll: 0)
        case .refresh:
            s.poll.refreshNow(s.now)
            s.poll.nextAgentsPoll = s.now
            s.show("Refreshing…")
        case .slower, .faster:
            s.prefs.changeInterval(by: command == .slower ? 0.5 : -0.5)
            s.poll.nextRunsPoll = min(s.poll.nextRunsPoll, s.now.addingTimeInterval(s.prefs.interval))
            s.show("Refreshing every \(Format.seconds(s.prefs.interval))")
        case .nextTheme:
            s.prefs.nextTheme()
            s.show(s.prefs.themes.count > 1 ? "Theme: \(s.theme.name)" : "Theme: \(s.theme.name) (the only one found)")
        case .palette:
            s.prompt = LinePrompt(purpose: .command, text: "")
        case .actionLog:
            s.modal = .actionLog(scroll: 0)
        case .copyId:
            guard let id = s.runList.selectedRunId else { s.show("No run selected", error: true); return [] }
            return copy(&s, Sanitizer.line(id), what: "run id \(Sanitizer.line(id))")
        case .copyView:
            guard let text = DetailText.current(s), !text.isEmpty else { s.show("Nothing to copy here", error: true); return [] }
            return copy(&s, text, what: "the \(s.detail.tab.rawValue) view")
        }
        return []
    }

    static let copyLimit = 64 * 1024

    /// Copies through the terminal (OSC 52), which reaches the clipboard over SSH and in tmux.
    static func copy(_ s: inout DashState, _ text: String, what: String) -> [DashEffect] {
        guard s.config.clipboard else { s.show("Copying is off (clipboard = false in the settings)", error: true); return [] }
        var bounded = text
        if bounded.utf8.count > copyLimit {
            // The end of a log is what is wanted; keep whole characters.
            bounded = String(decoding: bounded.utf8.suffix(copyLimit), as: UTF8.self).drop { $0 == "\u{FFFD}" }.description
        }
        s.show("Copied \(what) (\(Format.count(bounded.utf8.count, "byte")))")
        return [.copy(bounded)]
    }
}
