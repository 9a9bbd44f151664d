import CaseDevAPI
import Foundation

/// The `:` prompt's reducer: typing, Tab completion, ↑/↓ history, and Enter running the command
/// through the same reducers as the keys.
enum PaletteReducer {
    static func key(_ s: inout DashState, _ prompt: LinePrompt, _ key: Key) -> [DashEffect] {
        var p = prompt
        p.completions = []
        switch key {
        case .esc: s.prompt = nil; return []
        case .enter: return enter(&s, p)
        case .tab:
            let (text, options) = Palette.complete(p.text, s)
            p.text = text
            p.completions = options
            p.problem = nil
        case .up, .down:
            let history = s.paletteHistory
            guard !history.isEmpty else { return [] }
            let i = key == .up ? max(0, (p.historyIndex ?? history.count) - 1) : (p.historyIndex ?? history.count) + 1
            p.historyIndex = i < history.count ? i : nil
            p.text = p.historyIndex.map { history[$0] } ?? ""
        case .backspace: if !p.text.isEmpty { p.text.removeLast() }; p.problem = nil
        case .ctrl("u"): p.text = ""; p.problem = nil
        case .char(let c): p.text.append(c); p.problem = nil
        default: return []
        }
        s.prompt = p
        return []
    }

    static func enter(_ s: inout DashState, _ prompt: LinePrompt) -> [DashEffect] {
        let text = prompt.text.trimmingCharacters(in: .whitespaces)
        switch Palette.parse(text, s) {
        case .failure(let e):
            var p = prompt
            p.problem = e.message  // the prompt stays, saying why; nothing changed
            s.prompt = p
            return []
        case .success(let command):
            if s.paletteHistory.last != text { s.paletteHistory.append(text) }
            if s.paletteHistory.count > 100 { s.paletteHistory.removeFirst() }
            s.prompt = nil
            return run(&s, command)
        }
    }

    static func run(_ s: inout DashState, _ command: Palette.Command) -> [DashEffect] {
        switch command {
        case .run(let query): return openRun(&s, query)
        case .agent(let id):
            Flows.setAgentFilter(&s, id)
            s.show(id.map { "Runs of \(s.agentList.name($0))" } ?? "Every agent's runs")
        case .status(let status):
            s.runList.statusFilter = status
            Flows.resetRuns(&s)
            s.show("Showing \(status?.rawValue ?? "all") runs")
        case .sort(let order):
            s.runList.sort = order
            RunListReducer.keepSelectionValid(&s)
            s.show("Sorted by \(order.rawValue)")
        case .theme(let name):
            s.prefs.themeIndex = s.prefs.themes.firstIndex { $0.name == name } ?? s.prefs.themeIndex
            s.show("Theme: \(name)")
        case .interval(let seconds):
            s.prefs.interval = seconds
            s.poll.nextRunsPoll = min(s.poll.nextRunsPoll, s.now.addingTimeInterval(seconds))
            s.show("Refreshing every \(Format.seconds(seconds))")
        case .key(let c):
            return KeyDispatch.route(&s, c)
        case .context(nil):
            let list = s.config.contexts.map { $0 == s.config.context ? "\($0) (current)" : $0 }
            s.show("Contexts: " + list.joined(separator: ", ") + " · :context NAME switches")
        case .context(let name?):
            guard name != s.config.context else { s.show("Already in context \(name)"); return [] }
            s.show("Switching to context \(name)…")
            return [.switchContext(name)]
        case .watch(let url):
            guard !s.config.readonly else { s.show("Read-only mode: actions are disabled", error: true); return [] }
            guard let run = s.selectedRun else { s.show("No run selected", error: true); return [] }
            guard ActionsReducer.send(&s, .watch(run.id), what: "watch", name: "run \(Format.shortId(run.id)) → \(ActionLog.excerpt(url))") else {
                return []
            }
            return [.watchRun(run.id, url: url)]
        }
        return []
    }

    /// Opens a run by its id or the start of it; a full id that is not loaded is looked up.
    static func openRun(_ s: inout DashState, _ query: String) -> [DashEffect] {
        let q = query.hasPrefix("run_") ? query : "run_" + query
        let matches = s.runList.runs.filter { $0.id.hasPrefix(q) }
        if matches.count == 1 { show(&s, matches[0].id); return [] }
        if matches.count > 1 { s.show("\(matches.count) loaded runs start with \(Sanitizer.line(query)): type more", error: true); return [] }
        guard q.count >= 12, q.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            s.show("No loaded run starts with \(Sanitizer.line(query)) (a full id is looked up)", error: true)
            return []
        }
        s.show("Looking up \(Sanitizer.line(q))…")
        return [.lookupRun(q)]
    }

    /// Selects a listed run and opens its detail.
    static func show(_ s: inout DashState, _ id: String) {
        if s.runList.visibleIndex(of: id) == nil, !s.runList.textFilter.isEmpty { RunListReducer.setTextFilter(&s, "") }
        Flows.select(&s, id)
        if let i = s.runList.visibleIndex(of: id) { s.runList.scrollTo(index: i, rows: s.layout.runRows) }
        s.focus = .detail
    }

    /// The answer to a lookup: the run is pinned to the list (whatever the filters) and opened.
    static func lookedUp(_ s: inout DashState, _ info: RunStatusInfo) {
        s.runList.pin(RunSummary(id: info.id, agentId: "", status: info.status, prompt: "", model: nil, createdAt: nil,
                                 startedAt: info.startedAt, completedAt: info.completedAt))
        show(&s, info.id)
        s.show("Run \(Format.shortId(info.id)) found (\(info.status.rawValue)); it stays listed while you look at it")
    }
}
