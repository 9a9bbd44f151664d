/// Everything a key can do outside dialogs and prompts, grouped by the area whose reducer
/// handles it, so each reducer switches over its own commands only.
public enum Command: Sendable, Hashable {
    case app(AppCommand)
    case nav(NavCommand)
    case runs(RunsCommand)
    case logs(LogsCommand)
    case actions(ActionCommand)
    case insight(InsightCommand)
}

/// Looking into runs: the step waterfall, diffs, agent health.
public enum InsightCommand: Sendable, Hashable { case sortSteps, openStep, firstFailure, diff, health }

/// The whole dashboard: quitting, help, refresh cadence, theme, the command palette, the action
/// log, copying through the terminal.
public enum AppCommand: Sendable, Hashable {
    case quit, help, refresh, slower, faster, nextTheme, palette, actionLog, copyId, copyView
}

/// Moving between and within panes; what a move means depends on the focused pane.
public enum NavCommand: Sendable, Hashable {
    case nextPane, previousPane, up, down, pageUp, pageDown, top, bottom, open, back, nextTab, previousTab
}

/// The run list's filters, order and marks, and watching a run (and, in the logs, the search prompt).
public enum RunsCommand: Sendable, Hashable { case filter, statusFilter, sort, mark, clearMarks, watch }

public enum LogsCommand: Sendable, Hashable {
    case nextStream, previousStream, follow, wrap, timestamps, saveLog, nextMatch, previousMatch, filterMatches, openPager
}

/// Requests that change something on the server; hidden and refused under `--readonly`.
public enum ActionCommand: Sendable, Hashable {
    case newRun, execute, cancel, newAgent, oneShot, rerun, watchRun, editAgent, deleteAgent
}
