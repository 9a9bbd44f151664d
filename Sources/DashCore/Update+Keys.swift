import CaseDevAPI
import Foundation

extension Dash {
    static func handleKey(_ s: inout DashState, _ key: Key) -> [DashEffect] {
        if key == .ctrl("c") { s.quitting = true; return [.quit] }
        if let modal = s.modal { return modalKey(&s, modal, key) }
        if let input = s.input { lineInput(&s, input, key); return [] }
        if Layout(s.size).mode == .tooSmall {
            if key == .char("q") { s.quitting = true; return [.quit] }
            return []
        }
        guard let binding = KeyMap.command(for: key, contexts: contexts(s), readonly: s.config.readonly) else {
            if s.config.readonly, KeyMap.bindings.contains(where: { $0.mutating && $0.keys.contains(key) }) {
                flash(&s, "Read-only mode: actions are disabled", error: true)
            }
            return []
        }
        return run(&s, binding.command)
    }

    static func contexts(_ s: DashState) -> [KeyContext] {
        switch s.focus {
        case .detail:
            return s.detailTab == .logs && !s.log.search.isEmpty ? [.logs, .detail, .global] : [.detail, .global]
        case .runs: return [.runs, .lists, .global]
        case .agents: return [.lists, .global]
        }
    }

    static func run(_ s: inout DashState, _ command: Command) -> [DashEffect] {
        switch command {
        case .quit:
            s.quitting = true
            return [.quit]
        case .help:
            s.modal = .help(scroll: 0)
        case .nextPane, .previousPane:
            let panes = Pane.allCases
            let i = panes.firstIndex(of: s.focus) ?? 0
            s.focus = panes[(i + (command == .nextPane ? 1 : panes.count - 1)) % panes.count]
        case .up: return move(&s, by: -1)
        case .down: return move(&s, by: 1)
        case .pageUp: return move(&s, by: -page(s))
        case .pageDown: return move(&s, by: page(s))
        case .top: return move(&s, by: Int.min / 2)
        case .bottom: return move(&s, by: Int.max / 2)
        case .open:
            if s.focus == .agents { s.focus = .runs } else if s.focus == .runs, s.selectedRunId != nil { s.focus = .detail }
        case .back:
            if s.flash?.isError == true { s.flash = nil }
            else if s.focus == .detail, !s.log.search.isEmpty { s.log.search = ""; s.log.match = nil }
            else if s.focus == .detail { s.focus = .runs }
            else if !s.textFilter.isEmpty { s.textFilter = ""; keepSelectionValid(&s) }
            else if s.focus == .agents { s.focus = .runs }
        case .filter:
            if s.focus == .detail, s.detailTab == .logs {
                s.input = .logSearch
                s.inputText = s.log.search
            } else {
                s.input = .runFilter
                s.inputText = s.textFilter
            }
        case .statusFilter:
            let order: [RunStatus?] = [nil] + RunStatus.known.map { Optional($0) }
            let i = order.firstIndex(of: s.statusFilter) ?? 0
            s.statusFilter = order[(i + 1) % order.count]
            resetRuns(&s)
            flash(&s, "Showing \(s.statusFilter?.rawValue ?? "all") runs")
        case .sort:
            let all = SortOrder.allCases
            s.sort = all[((all.firstIndex(of: s.sort) ?? 0) + 1) % all.count]
            keepSelectionValid(&s)
            flash(&s, "Sorted by \(s.sort.rawValue)")
        case .refresh:
            refreshNow(&s)
            s.nextAgentsPoll = s.now
            flash(&s, "Refreshing…")
        case .slower, .faster:
            let step = command == .slower ? 0.5 : -0.5
            s.config.interval = min(300, max(0.5, s.config.interval + step))
            s.nextRunsPoll = min(s.nextRunsPoll, s.now.addingTimeInterval(s.config.interval))
            flash(&s, "Refreshing every \(Format.seconds(s.config.interval))")
        case .nextTheme:
            s.themeIndex = (s.themeIndex + 1) % s.themes.count
            flash(&s, "Theme: \(s.theme.name)")
        case .newRun:
            let active = s.agents.map { ($0.id, Sanitizer.line($0.name)) }
            guard !active.isEmpty else {
                flash(&s, s.agentsLoaded ? "No agents yet: press a to create one" : "Agents are still loading", error: true)
                return []
            }
            s.modal = .form(.newRun(agents: active, preselect: s.agentFilter ?? s.selectedRun?.agentId))
        case .execute:
            guard let run = s.selectedRun else { flash(&s, "No run selected", error: true); return [] }
            guard run.status == .queued, !s.execSent.contains(run.id) else {
                flash(&s, s.execSent.contains(run.id) ? "Run \(shortId(run.id)) was already started"
                      : "Run \(shortId(run.id)) is \(run.status.rawValue): only queued runs can be executed", error: true)
                return []
            }
            guard !s.inFlight.contains(.action) else { flash(&s, "Busy: the last action is still being sent", error: true); return [] }
            s.execSent.insert(run.id)
            s.inFlight.insert(.action)
            return [.execRun(run.id)]
        case .cancel:
            guard let run = s.selectedRun else { flash(&s, "No run selected", error: true); return [] }
            guard run.status.isActive else {
                flash(&s, "Run \(shortId(run.id)) is \(run.status.rawValue): nothing to cancel", error: true)
                return []
            }
            s.modal = .confirmCancel(runId: run.id)
        case .newAgent:
            s.modal = .form(.newAgent())
        case .oneShot:
            s.modal = .form(.oneShot())
        case .nextStream:
            guard let id = s.selectedRunId, let cache = s.caches[id] else { return [] }
            let names = streams(cache)
            guard !names.isEmpty else { return [] }
            let i = s.log.stream.flatMap { names.firstIndex(of: $0) } ?? -1
            s.log.stream = names[(i + 1) % names.count]
            s.log.top = 0
            s.log.match = nil
            s.log.follow = true
            s.log.newWhilePaused = 0
            s.detailTab = .logs
        case .follow:
            s.log.follow.toggle()
            if s.log.follow { s.log.newWhilePaused = 0 } else { s.log.top = currentLogTop(s) + currentDropped(s) }
        case .wrap:
            s.log.top = currentLogTop(s) + currentDropped(s)
            s.wrap.toggle()
        case .saveLog:
            guard let id = s.selectedRunId, let stream = s.log.stream, let buffer = currentBuffer(s) else {
                flash(&s, "No log to save", error: true)
                return []
            }
            let safe = { (t: String) in String(t.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" ? Character($0) : "_" }) }
            let stamp = ISO8601.format(s.now).replacingOccurrences(of: ":", with: "").prefix(17)
            let path = "\(s.config.dumpDirectory)/\(safe(id))-\(safe(stream))-\(stamp).log"
            return [.saveLog(path: path, lines: buffer.lines, dropped: buffer.dropped)]
        case .nextTab, .previousTab:
            let tabs = DetailTab.allCases
            let i = tabs.firstIndex(of: s.detailTab) ?? 0
            s.detailTab = tabs[(i + (command == .nextTab ? 1 : tabs.count - 1)) % tabs.count]
            s.detailScroll = 0
        case .nextMatch, .previousMatch:
            jumpToMatch(&s, forward: command == .nextMatch)
        }
        return []
    }

    static func page(_ s: DashState) -> Int {
        let l = Layout(s.size)
        switch s.focus {
        case .agents: return max(1, l.agents.height - 2)
        case .runs: return l.runRows
        case .detail: return l.detailRows
        }
    }

    static func move(_ s: inout DashState, by delta: Int) -> [DashEffect] {
        switch s.focus {
        case .agents:
            let count = s.agents.count + 1
            let target = min(max(0, s.agentCursor + delta), count - 1)
            guard target != s.agentCursor else { return [] }
            s.agentCursor = target
            let filter = target == 0 ? nil : s.agents[target - 1].id
            if filter != s.agentFilter {
                s.agentFilter = filter
                resetRuns(&s)
            }
        case .runs:
            let visible = s.visibleRuns
            guard !visible.isEmpty else { return [] }
            let current = visible.firstIndex { $0.id == s.selectedRunId } ?? 0
            let target = min(max(0, current.addingReportingOverflow(delta).partialValue), visible.count - 1)
            select(&s, visible[target].id)
            scrollTo(&s, index: target)
            // Moving past the last loaded run loads the next page.
            if delta > 0, current + delta >= visible.count - 1, s.hasMore, let cursor = s.nextCursor,
               !s.inFlight.contains(.moreRuns) {
                s.inFlight.insert(.moreRuns)
                var q = s.query
                q.cursor = cursor
                q.limit = s.config.pageSize
                return [.fetchMoreRuns(q)]
            }
        case .detail:
            if s.detailTab == .logs {
                scrollLog(&s, by: delta)
            } else {
                s.detailScroll = max(0, s.detailScroll.addingReportingOverflow(delta).partialValue)
            }
        }
        return []
    }

    static func currentBuffer(_ s: DashState) -> LogBuffer? {
        guard let id = s.selectedRunId, let stream = s.log.stream else { return nil }
        return s.caches[id]?.logs[stream]
    }

    static func currentLines(_ s: DashState) -> [String] { currentBuffer(s)?.lines ?? [] }

    /// Lines dropped from the front of the stream: `LogView.top` and `match` count them too,
    /// so a paused view stays on the same lines while old ones are dropped.
    static func currentDropped(_ s: DashState) -> Int { currentBuffer(s)?.dropped ?? 0 }

    /// The first visible line, as an index into the buffer's kept lines.
    static func currentLogTop(_ s: DashState) -> Int {
        let l = Layout(s.size)
        let lines = currentLines(s)
        return s.log.follow ? LogWindow.followTop(lines, height: l.detailRows, width: l.detailWidth, wrap: s.wrap)
                            : LogView.visibleTop(s.log.top, dropped: currentDropped(s), count: lines.count)
    }

    static func scrollLog(_ s: inout DashState, by delta: Int) {
        let l = Layout(s.size)
        let lines = currentLines(s)
        let bottom = LogWindow.followTop(lines, height: l.detailRows, width: l.detailWidth, wrap: s.wrap)
        let top = min(max(0, currentLogTop(s).addingReportingOverflow(delta).partialValue), bottom)
        if delta > 0 && top >= bottom {
            s.log.follow = true  // back at the end: follow again
            s.log.newWhilePaused = 0
        } else if delta != 0 {
            s.log.follow = false
        }
        s.log.top = top + currentDropped(s)
    }

    static func jumpToMatch(_ s: inout DashState, forward: Bool) {
        let needle = s.log.search.lowercased()
        let lines = currentLines(s)
        guard !needle.isEmpty, !lines.isEmpty else { return }
        let dropped = currentDropped(s)
        let start = s.log.match.map { max(-1, $0 - dropped) } ?? (forward ? currentLogTop(s) - 1 : currentLogTop(s))
        for step in 1...lines.count {
            let i = ((start + (forward ? step : -step)) % lines.count + lines.count) % lines.count
            if lines[i].lowercased().contains(needle) {
                s.log.match = i + dropped
                s.log.follow = false
                let rows = Layout(s.size).detailRows
                s.log.top = max(0, i - rows / 3) + dropped
                return
            }
        }
        flash(&s, "No match for \"\(s.log.search)\"", error: true)
    }

    static func lineInput(_ s: inout DashState, _ input: LineInput, _ key: Key) {
        switch key {
        case .enter:
            s.input = nil
            if input == .logSearch { s.log.match = nil; jumpToMatch(&s, forward: true) }
        case .esc:
            s.input = nil
            s.inputText = ""
            if input == .runFilter { s.textFilter = "" } else { s.log.search = ""; s.log.match = nil }
        case .backspace:
            if !s.inputText.isEmpty { s.inputText.removeLast() }
        case .ctrl("u"):
            s.inputText = ""
        case .char(let c):
            s.inputText.append(c)
        default:
            return
        }
        // Filters apply while typing.
        if s.input != nil || key == .enter {
            if input == .runFilter { s.textFilter = s.inputText; keepSelectionValid(&s) } else { s.log.search = s.inputText }
        }
    }

    static func modalKey(_ s: inout DashState, _ modal: Modal, _ key: Key) -> [DashEffect] {
        switch modal {
        case .help(let scroll):
            switch key {
            case .esc, .char("?"), .char("q"), .enter: s.modal = nil
            case .down, .char("j"): s.modal = .help(scroll: scroll + 1)
            case .up, .char("k"): s.modal = .help(scroll: max(0, scroll - 1))
            case .pageDown: s.modal = .help(scroll: scroll + 10)
            case .pageUp: s.modal = .help(scroll: max(0, scroll - 10))
            default: break
            }
        case .confirmCancel(let runId):
            s.modal = nil
            guard key == .char("y") || key == .char("Y") else { flash(&s, "Cancel aborted"); return [] }
            guard !s.inFlight.contains(.action) else { flash(&s, "Busy: the last action is still being sent", error: true); return [] }
            s.inFlight.insert(.action)
            return [.cancelRun(runId)]
        case .oneShot(var result):
            switch key {
            case .esc, .enter, .char("q"): s.modal = nil
            case .down, .char("j"): result.scroll += 1; s.modal = .oneShot(result)
            case .up, .char("k"): result.scroll = max(0, result.scroll - 1); s.modal = .oneShot(result)
            case .pageDown: result.scroll += 10; s.modal = .oneShot(result)
            case .pageUp: result.scroll = max(0, result.scroll - 10); s.modal = .oneShot(result)
            default: break
            }
        case .form(var form):
            if key == .esc { s.modal = nil; return [] }
            let submit = form.handle(key)
            s.modal = .form(form)
            if submit { return submitForm(&s, form) }
        }
        return []
    }

    static func submitForm(_ s: inout DashState, _ form: FormState) -> [DashEffect] {
        var form = form
        guard !form.submitting, !s.inFlight.contains(.action) else { return [] }
        if let problem = form.validate() {
            form.error = problem
            s.modal = .form(form)
            return []
        }
        let effect: DashEffect
        switch form.purpose {
        case .newRun:
            guard case .choice(let options)? = form.field("agent")?.kind, let agentField = form.field("agent") else { return [] }
            effect = .createRun(CreateRunRequest(agentId: options[agentField.selected].id, prompt: form.text("prompt") ?? "",
                                                 guidance: form.text("guidance"), model: form.text("model")),
                                execute: form.field("execute")?.on ?? true)
        case .newAgent:
            effect = .createAgent(CreateAgentRequest(name: form.text("name") ?? "", instructions: form.text("instructions") ?? "",
                                                     model: form.text("model")))
        case .oneShot:
            effect = .execute(ExecuteRequest(prompt: form.text("prompt") ?? "", instructions: form.text("instructions"),
                                             model: form.text("model")))
        }
        form.submitting = true
        s.modal = .form(form)
        s.inFlight.insert(.action)
        return [effect]
    }
}
