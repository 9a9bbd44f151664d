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
            s.show("Theme: \(s.theme.name)")
        }
        return []
    }
}
