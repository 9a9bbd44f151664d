import CaseDevAPI
import Foundation
import RunFollow

/// Dialogs drawn over the panes: help, forms, the cancel confirmation, one-shot answers.
enum Overlays {
    static func draw(_ g: inout Grid, _ s: DashState) {
        switch s.modal {
        case nil: break
        case .help(let scroll)?: help(&g, s, scroll: scroll)
        case .form(let form)?: self.form(&g, form)
        case .confirmCancel(let runIds)?: confirm(&g, s, runIds)
        case .oneShot(let result)?: oneShot(&g, result)
        case .actionLog(let scroll)?: actionLog(&g, s, scroll: scroll)
        case .agent(let id, let scroll)?: AgentDetailView.draw(&g, s, id, scroll: scroll)
        case .confirmDelete(let id, let typed)?: AgentDetailView.confirmDelete(&g, s, id, typed: typed)
        case .step(let index, let scroll)?: InsightViews.step(&g, s, index: index, scroll: scroll)
        case .diff(let a, let b, let scroll)?: InsightViews.diff(&g, s, a: a, b: b, scroll: scroll)
        case .health(let cursor, let sort)?: InsightViews.health(&g, s, cursor: cursor, sort: sort)
        }
    }

    static func dialog(_ g: inout Grid, width: Int, height: Int, title: String) -> Rect {
        let w = min(width, g.size.cols - 2), h = min(height, g.size.rows - 2)
        let r = Rect(x: (g.size.cols - w) / 2, y: max(1, (g.size.rows - h) / 2), width: w, height: h)
        g.fill(r, role: .dialog)
        g.box(r, role: .borderFocused, title: title, titleRole: .titleFocused)
        return r
    }

    /// The help, from the key table in force (so remapped keys show as they are).
    static func helpLines(readonly: Bool, bindings: [Binding]) -> [(String, Role)] {
        var lines: [(String, Role)] = []
        if readonly {
            let refused = bindings.filter(\.mutating).compactMap { $0.keys.first?.label }.joined(separator: " ")
            lines.append(("READ-ONLY: \(refused) (create, execute, cancel, edit, delete) are disabled.", .error))
            lines.append(("", .dialog))
        }
        let groups: [(String, [KeyContext])] = [("Everywhere", [.global]), ("Agent and run lists", [.lists, .runs]),
                                                ("Agents", [.agents]), ("Run detail", [.detail]), ("Steps tab (a waterfall)", [.steps]),
                                                ("Logs with a search", [.logs])]
        for (title, contexts) in groups {
            let rows = bindings.filter { contexts.contains($0.context) && !(readonly && $0.mutating) }
            guard !rows.isEmpty else { continue }
            lines.append((title, .titleFocused))
            for b in rows {
                lines.append(("  " + b.keys.map(\.label).joined(separator: " / ").padded(to: 16) + "  " + b.help, .dialog))
            }
            lines.append(("", .dialog))
        }
        lines += [("Forms", .titleFocused),
                  ("  Tab / Shift-Tab   next / previous field", .dialog),
                  ("  Enter             submit", .dialog),
                  ("  Alt-Enter/Ctrl-J  newline in the prompt", .dialog),
                  ("  ← / →             move in text, change a choice or toggle (also Space)", .dialog),
                  ("  Home / End        start / end of the text (also Ctrl-A / Ctrl-E); Ctrl-U clears", .dialog),
                  ("  Esc               cancel", .dialog),
                  ("", .dialog),
                  ("Commands (:)", .titleFocused),
                  ("  run ID            open a run by its id or the start of one (a full id not listed is looked up)", .dialog),
                  ("  agent NAME        runs of one agent (start of the name, or its letters in order); agent all", .dialog),
                  ("  status S · sort K filter by status (all, queued, …) · sort (newest, oldest, status, agent, …)", .dialog),
                  ("  theme NAME · interval SECONDS · log (the action log) · q", .dialog),
                  ("  Tab completes, ↑/↓ go through what you typed before; a wrong command says why", .dialog),
                  ("", .dialog),
                  ("Mouse: click a row, a pane, a tab or a log stream; the wheel scrolls. Shift+drag selects text (--no-mouse).", .dim),
                  ("Status: ◷ queued  ▶ running  ✓ completed  ✗ failed  ⊘ cancelled  ⚑ watched  ● marked. Rows flash when their status changes.", .dim),
                  ("Tokens are known for runs whose details were loaded; finished runs are fetched once and cached.", .dim)]
        return lines
    }

    /// The help's lines that fit on screen at once, and the furthest it scrolls: the reducer
    /// pages and jumps to the end by these, as the view lays it out (`dialog`).
    static func helpView(_ s: DashState) -> (visible: Int, maxScroll: Int) {
        let count = helpLines(readonly: s.config.readonly, bindings: s.config.bindings).count
        let visible = max(1, min(count + 2, s.viewport.size.rows - 2) - 2)
        return (visible, max(0, count - visible))
    }

    static func help(_ g: inout Grid, _ s: DashState, scroll: Int) {
        let lines = helpLines(readonly: s.config.readonly, bindings: s.config.bindings)
        let r = dialog(&g, width: 110, height: lines.count + 2, title: "Help · ? or Esc closes · ↑/↓ PgUp/PgDn g/G scroll")
        let inner = r.inner
        let top = min(scroll, max(0, lines.count - inner.height))
        for (i, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            g.put(line.0, x: inner.x + 1, y: inner.y + i, role: line.1, limit: inner.width - 2)
        }
    }

    static func form(_ g: inout Grid, _ form: FormState) {
        let labelWidth = 13
        var height = 4
        for f in form.fields { height += f.kind == .text(multiline: true) ? 6 : 1 }
        let r = dialog(&g, width: 76, height: height + 2, title: form.title)
        let inner = r.inner
        var y = inner.y
        let fieldX = inner.x + labelWidth + 2
        let fieldWidth = inner.maxX - fieldX - 1
        for (i, f) in form.fields.enumerated() {
            let focused = i == form.focus
            g.put((f.label + (f.required ? " *" : "")).padded(to: labelWidth), x: inner.x + 1, y: y,
                  role: focused ? .titleFocused : .dialog)
            y += field(&g, f, Rect(x: fieldX, y: y, width: fieldWidth, height: 1), focused: focused)
        }
        y += 1
        if form.submitting {
            g.put("Sending…", x: inner.x + 1, y: y, role: .statusRunning)
        } else if let error = form.error {
            g.put(Sanitizer.line(error), x: inner.x + 1, y: y, role: .error, limit: inner.width - 2)
        } else {
            let hint = form.purpose == .newRun || form.purpose == .oneShot
                ? "Enter submit · Tab next field · Alt-Enter/Ctrl-J newline · Esc cancel"
                : "Enter submit · Tab next field · Esc cancel"
            g.put(hint, x: inner.x + 1, y: y, role: .keyHint, limit: inner.width - 2)
        }
    }

    /// Draws one field's value from the top-left of `r`; returns the rows it took.
    static func field(_ g: inout Grid, _ f: FormState.Field, _ r: Rect, focused: Bool) -> Int {
        let role: Role = focused ? .inputFocused : .input
        switch f.kind {
        case .text(let multiline):
            let rows = multiline ? 5 : 1
            g.fill(Rect(x: r.x, y: r.y, width: r.width, height: rows), role: role)
            if f.value.isEmpty && !f.hint.isEmpty {
                g.put(f.hint, x: r.x, y: r.y, role: focused ? .inputFocused : .dim, limit: r.width)
                if focused { g.paint(Rect(x: r.x, y: r.y, width: 1, height: 1), role: .cursor) }
            } else {
                // A window of rows that keeps the cursor in view.
                let laid = FieldLayout.layout(f.value, cursor: f.cursor, width: r.width)
                let top = max(0, min(laid.cursorRow - rows + 1, laid.rows.count - rows))
                for (j, row) in laid.rows.dropFirst(top).prefix(rows).enumerated() {
                    g.put(row, x: r.x, y: r.y + j, role: role, limit: r.width)
                }
                if focused { g.paint(Rect(x: r.x + laid.cursorColumn, y: r.y + laid.cursorRow - top, width: 1, height: 1), role: .cursor) }
            }
            return rows + (multiline ? 1 : 0)
        case .toggle:
            let label = f.hint.isEmpty ? (f.on ? "yes" : "no") : f.hint
            g.put((f.on ? "[x] " : "[ ] ") + label, x: r.x, y: r.y, role: role, limit: r.width)
            return 1
        case .choice(let options):
            let label = options.isEmpty ? "(none)" : options[min(f.selected, options.count - 1)].label
            g.put("◀ " + label.truncated(to: r.width - 4) + " ▶", x: r.x, y: r.y, role: role, limit: r.width)
            return 1
        }
    }

    static func confirm(_ g: inout Grid, _ s: DashState, _ runIds: [String]) {
        let runs = runIds.map { id in s.runList.runs.first { $0.id == id } }
        let listed = min(runIds.count, 6)
        let r = dialog(&g, width: 72, height: 6 + listed, title: runIds.count == 1 ? "Cancel run?" : "Cancel \(runIds.count) runs?")
        let inner = r.inner
        let question = runIds.count == 1
            ? "Cancel run \(Format.shortId(runIds[0])) (\(Sanitizer.line(runs[0]?.status.rawValue ?? "?")))?"
            : "Cancel these \(runIds.count) runs (every marked run that is queued or running)?"
        g.put(question, x: inner.x + 1, y: inner.y, role: .dialog, limit: inner.width - 2)
        for (i, run) in runs.prefix(listed).enumerated() {
            let line = "\(Format.shortId(runIds[i]))  \(Sanitizer.line(run?.status.rawValue ?? "?").padded(to: 9))  \(Sanitizer.line(run?.prompt ?? ""))"
            g.put(line, x: inner.x + 1, y: inner.y + 1 + i, role: .dim, limit: inner.width - 2)
        }
        if runIds.count > listed { g.put("… and \(runIds.count - listed) more", x: inner.x + 1, y: inner.y + listed, role: .dim) }
        let y = inner.y + listed + 2
        g.put("y", x: inner.x + 1, y: y, role: .keyLabel)
        g.put(runIds.count == 1 ? " cancel the run    " : " cancel them       ", x: inner.x + 2, y: y, role: .dialog)
        g.put("n / Esc / Enter", x: inner.x + 21, y: y, role: .selection)
        g.put(" keep \(runIds.count == 1 ? "it" : "them") (default)", x: inner.x + 36, y: y, role: .dialog)
    }

    static func actionLog(_ g: inout Grid, _ s: DashState, scroll: Int) {
        let entries = s.actionLog.entries.reversed()
        var lines: [(String, Role)] = entries.map { e in
            ("\(Format.clock(e.time))  \(e.ok ? "ok  " : "FAIL")  \(e.line)", e.ok ? .dialog : .error)
        }
        if lines.isEmpty { lines = [("Nothing sent yet: creates, execs, cancels and executes are listed here, newest first.", .dim)] }
        let r = dialog(&g, width: 110, height: g.size.rows - 4, title: "Action log (\(s.actionLog.entries.count)) · ↑/↓ scroll · Esc closes")
        let inner = r.inner
        let top = min(scroll, max(0, lines.count - inner.height))
        for (i, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            g.put(line.0, x: inner.x + 1, y: inner.y + i, role: line.1, limit: inner.width - 2)
        }
    }

    static func oneShot(_ g: inout Grid, _ result: OneShotResult) {
        let a = result.response
        var lines: [(String, Role)] = [(Sanitizer.line("Run \(Format.shortId(a.runId)) · \(a.status.rawValue) · \(a.provider ?? "—") · runtime \(a.runtimeState ?? "—")"),
                                        Format.statusRole(a.status))]
        let width = min(100, g.size.cols - 4) - 4
        func add(_ title: String, _ text: String, _ role: Role = .dialog) {
            lines.append(("", .dialog))
            lines.append((title, .titleFocused))
            for l in Sanitizer.lines(text) { for p in LogWindow.wrap(l, width: width) { lines.append((p, role)) } }
        }
        if let e = a.error { add("Error", e, .error) }
        if let o = a.output { add("Output", o) }
        if let u = a.usage {
            lines.append(("", .dialog))
            lines.append(("Usage", .titleFocused))
            lines += UsageView.runLines(u, bars: g.glyphs.bars, width: width, compact: true)
        }
        let logs = a.logs ?? [:]
        for name in LogStreams.ordered(logs.keys) { add("Log: \(Sanitizer.line(name))", logs[name] ?? "", .dim) }
        let r = dialog(&g, width: width + 4, height: g.size.rows - 4, title: "One-shot answer · ↑/↓ scroll · Esc closes")
        let inner = r.inner
        let top = min(result.scroll, max(0, lines.count - inner.height))
        for (i, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            g.put(line.0, x: inner.x + 1, y: inner.y + i, role: line.1, limit: inner.width - 2)
        }
    }
}
