import CaseDevAPI
import Foundation

/// Renders the state into a cell grid. Pure: the same state gives the same frame.
public enum DashView {
    public static func render(_ s: DashState) -> Grid {
        var g = Grid(size: s.size, glyphs: s.ascii ? .ascii : .unicode)
        guard s.size.cols > 0, s.size.rows > 0 else { return g }
        let layout = Layout(s.size, agents: s.agents.count)
        if layout.mode == .tooSmall {
            tooSmall(&g, s)
            return g
        }
        header(&g, s, layout.header)
        if layout.mode == .full {
            agentsPane(&g, s, layout.agents)
            if let usage = layout.usage { UsageView.pane(&g, s, usage) }
        } else {
            agentStrip(&g, s, layout.agents)
        }
        RunsView.pane(&g, s, layout.runs)
        DetailView.pane(&g, s, layout.detail)
        footer(&g, s, layout.footer)
        Overlays.draw(&g, s)
        if s.ascii { g.replaceUIGlyphsWithASCII() }
        return g
    }

    static func tooSmall(_ g: inout Grid, _ s: DashState) {
        let lines = ["Terminal too small: \(s.size.cols)x\(s.size.rows)",
                     "casedash needs at least \(Layout.minimum.cols)x\(Layout.minimum.rows)",
                     "(q quits)"]
        let top = max(0, s.size.rows / 2 - 1)
        for (i, line) in lines.enumerated() where top + i < s.size.rows {
            let w = DisplayWidth.of(line)
            g.put(line, x: max(0, (s.size.cols - w) / 2), y: top + i, role: i == 0 ? .error : .normal)
        }
    }

    // MARK: Header

    static func header(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        g.fill(r, role: .header)
        let wide = r.width >= 110
        let sep = " \(g.glyphs.vertical) "
        var left: [(String, Role)] = []
        if r.width >= 140 { left.append((" casedash" + sep, .header)) } else { left.append((" ", .header)) }
        left.append((Sanitizer.line(s.config.endpoint), .header))
        if s.config.demo { left += [(" ", .header), (" DEMO ", .headerBadge)] }
        if s.config.readonly { left += [(" ", .header), (" READ-ONLY ", .headerBadge)] }
        left.append((sep, .header))
        let c = s.connection
        if c.isFailing {
            let wait = c.retryAt.map { max(0, Int($0.timeIntervalSince(s.now).rounded(.up))) } ?? 0
            left.append(("\(g.glyphs.bullet) retrying in \(wait)s", .error))
        } else if c.lastSuccess == nil {
            left.append(("\(g.glyphs.bullet) connecting…", .header))
        } else {
            left.append(("\(g.glyphs.bullet) live", .ok))
        }
        if let last = c.lastSuccess {
            let age = s.now.timeIntervalSince(last)
            left.append((" \(g.glyphs.separator) updated \(Format.age(age)) ago", age > 2 * s.config.interval + 1 ? .stale : .header))
        }
        // The error text comes last: it is the part that may be cut.
        if c.isFailing { left.append((" \(g.glyphs.separator) \(c.lastError ?? "error")", .error)) }
        if wide && !c.isFailing {
            let idle = s.effectiveInterval > s.config.interval ? " (idle)" : ""
            left.append((" \(g.glyphs.separator) every \(Format.seconds(s.effectiveInterval))\(idle)", .header))
        }

        let a = g.glyphs.isASCII
        let (q, run, f) = (s.count(.queued), s.count(.running), s.count(.failed))
        let sym = { (status: RunStatus) in Format.statusSymbol(status, ascii: a) }
        let counts = wide ? "\(sym(.queued)) \(q) queued  \(sym(.running)) \(run) running  \(sym(.failed)) \(f) failed"
                          : "\(sym(.queued))\(q) \(sym(.running))\(run) \(sym(.failed))\(f)"
        let right = counts + sep + "\(Format.tokens(UsageView.totalTokens(s))) tok" + (wide ? "ens " : " ")
        let rightWidth = DisplayWidth.of(right)
        // The right part (counts, tokens) always shows; the left part gives way.
        var x = r.x
        for (text, role) in left where x < r.width - rightWidth - 1 {
            x += g.put(text, x: x, y: r.y, role: role, limit: r.width - rightWidth - 1 - x)
        }
        g.put(right, x: max(r.x, r.width - rightWidth), y: r.y, role: .header)
    }

    // MARK: Agents

    static func agentsPane(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        let focused = s.focus == .agents
        g.box(r, role: focused ? .borderFocused : .border, title: "Agents (\(s.agents.count))",
              titleRole: focused ? .titleFocused : .title)
        let inner = r.inner
        guard inner.height > 0 else { return }
        if !s.agentsLoaded {
            g.put(s.agentsError.map { "error: \($0)" } ?? "loading…", x: inner.x + 1, y: inner.y,
                  role: s.agentsError == nil ? .dim : .error, limit: inner.width - 1)
            return
        }
        let count = s.agents.count + 1
        // Two lines an agent (name and count, then the model) when they all fit; else one line,
        // with the highlighted agent's model on the last line of the pane.
        let twoLine = count * 2 <= inner.height
        let slots = twoLine ? inner.height / 2 : max(1, inner.height - 1)
        let top = max(0, min(s.agentCursor - slots + 1, count - slots))
        for i in top..<min(count, top + slots) {
            let y = inner.y + (i - top) * (twoLine ? 2 : 1)
            let name: String, detail: String, model: String
            if i == 0 {
                name = "All agents"
                detail = "\(s.runs.count) runs"
                model = "every agent's runs"
            } else {
                let a = s.agents[i - 1]
                name = Sanitizer.line(a.name)
                let active = s.runs.filter { $0.agentId == a.id && $0.status.isActive }.count
                detail = active > 0 ? "\(active) active" : "idle"
                model = Format.model(a.model)
            }
            let right = detail.leftPadded(to: 9)
            g.put(" " + name.padded(to: max(1, inner.width - 11)) + " " + right, x: inner.x, y: y, role: .normal, limit: inner.width)
            if twoLine { g.put("   " + model, x: inner.x, y: y + 1, role: .dim, limit: inner.width) }
            if i == s.agentCursor {
                g.paint(Rect(x: inner.x, y: y, width: inner.width, height: twoLine ? 2 : 1), role: s.focus == .agents ? .selection : .selectionInactive)
            }
        }
        if !twoLine {
            let model = s.agentCursor == 0 ? "" : Format.model(s.agents[s.agentCursor - 1].model)
            g.put(" model: " + model, x: inner.x, y: inner.maxY - 1, role: .dim, limit: inner.width)
        }
    }

    static func agentStrip(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        let focused = s.focus == .agents
        var x = r.x
        x += g.put("Agents: ", x: x, y: r.y, role: focused ? .titleFocused : .title)
        let names = ["All"] + s.agents.map { Sanitizer.line($0.name) }
        let widths = names.map { DisplayWidth.of($0) + 3 }
        // Start late enough that the highlighted agent is on screen.
        var first = 0
        while first < s.agentCursor, widths[first...s.agentCursor].reduce(0, +) > r.maxX - x - 2 { first += 1 }
        if first > 0 { x += g.put(g.glyphs.ellipsis, x: x, y: r.y, role: .dim) }
        for i in first..<names.count {
            guard x < r.maxX else { break }
            let selected = i == s.agentCursor
            let role: Role = selected ? (focused ? .selection : .selectionInactive) : .normal
            x += g.put(" \(names[i]) ", x: x, y: r.y, role: role, limit: r.maxX - x)
            x += g.put(" ", x: x, y: r.y)
        }
    }

    // MARK: Footer

    static func footer(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        g.fill(r)
        if let input = s.input {
            let label = input == .runFilter ? "/ filter runs: " : "/ search log: "
            var x = g.put(label, x: r.x, y: r.y, role: .keyLabel)
            x += g.put(Sanitizer.line(s.inputText) + "▏", x: r.x + x, y: r.y, role: .inputFocused, limit: r.width - x - 28)
            g.put("  Enter apply · Esc clear", x: r.x + x, y: r.y, role: .keyHint, limit: r.width - x)
            return
        }
        if let flash = s.flash {
            g.fill(r, role: flash.isError ? .flashError : .flashInfo)
            g.put(" " + flash.text, x: r.x, y: r.y, role: flash.isError ? .flashError : .flashInfo, limit: r.width)
            return
        }
        if s.connection.isFailing {
            let wait = s.connection.retryAt.map { max(0, Int($0.timeIntervalSince(s.now).rounded(.up))) } ?? 0
            let age = s.connection.lastSuccess.map { "showing data from \(Format.age(s.now.timeIntervalSince($0))) ago · " } ?? ""
            g.fill(r, role: .flashError)
            g.put(" API error: \(s.connection.lastError ?? "unknown") · \(age)retry in \(wait)s · r retries now",
                  x: r.x, y: r.y, role: .flashError, limit: r.width)
            return
        }
        var x = r.x + 1
        for b in KeyMap.bindings where b.hint != nil && !(s.config.readonly && b.mutating) {
            let key = b.keys[0].label
            let needed = DisplayWidth.of(key) + DisplayWidth.of(b.hint!) + 3
            guard x + needed <= r.maxX else { break }
            x += g.put(key, x: x, y: r.y, role: .keyLabel)
            x += g.put(" " + b.hint! + "  ", x: x, y: r.y, role: .keyHint)
        }
    }
}
