import Foundation

/// The bottom line: the prompt being typed, else a message, else the API error, else key hints.
enum FooterView {
    static func draw(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        g.fill(r)
        if let prompt = s.prompt {
            let label = switch prompt.purpose {
            case .runFilter: "/ filter runs: "
            case .logSearch: "/ search log: "
            case .command: ":"
            }
            var x = g.put(label, x: r.x, y: r.y, role: .keyLabel)
            x += g.put(Sanitizer.line(prompt.text) + "▏", x: r.x + x, y: r.y, role: .inputFocused, limit: r.width - x - 28)
            if let problem = prompt.problem {
                g.put("  " + problem, x: r.x + x, y: r.y, role: .error, limit: r.width - x)
            } else if !prompt.completions.isEmpty {
                g.put("  " + prompt.completions.joined(separator: "  "), x: r.x + x, y: r.y, role: .keyHint, limit: r.width - x)
            } else if prompt.purpose == .command {
                g.put("  Tab completes · ↑/↓ history · Enter runs · Esc", x: r.x + x, y: r.y, role: .keyHint, limit: r.width - x)
            } else {
                g.put("  Enter apply · Esc clear", x: r.x + x, y: r.y, role: .keyHint, limit: r.width - x)
            }
            return
        }
        if let flash = s.flash {
            let role: Role = flash.isError ? .flashError : .flashInfo
            g.fill(r, role: role)
            g.put(" " + flash.text, x: r.x, y: r.y, role: role, limit: r.width)
            return
        }
        let c = s.poll.connection
        if c.isFailing {
            let age = c.lastSuccess.map { "showing data from \(Format.age(s.now.timeIntervalSince($0))) ago · " } ?? ""
            g.fill(r, role: .flashError)
            g.put(" API error: \(c.lastError ?? "unknown") · \(age)retry in \(DashView.secondsUntil(c.retryAt, from: s.now))s · r retries now",
                  x: r.x, y: r.y, role: .flashError, limit: r.width)
            return
        }
        g.put(Segment.fit(hints(s), width: r.width - 1), x: r.x + 1, y: r.y, limit: r.width - 1)
    }

    /// The footer's key hints for the focused pane, most important (first in the key table) kept
    /// when narrow.
    static func hints(_ s: DashState) -> [Segment] {
        let contexts = KeyDispatch.contexts(s)
        let shown = s.config.bindings.filter {
            $0.hint != nil && contexts.contains($0.context) && !(s.config.readonly && $0.mutating) && applies($0.command, s)
        }
        return shown.enumerated().map { i, b in
            Segment(spans: [(b.keys[0].label, .keyLabel), (" " + b.hint! + "  ", .keyHint)], priority: -i)
        }
    }

    /// Whether offering the command makes sense for the runs it would act on: no `cancel` for
    /// runs that already ended, no `exec` for runs that are not queued (the keys still answer,
    /// with a message saying why nothing was done).
    static func applies(_ command: Command, _ s: DashState) -> Bool {
        let targets = s.runList.targets
        switch command {
        case .actions(.cancel): return targets.isEmpty || targets.contains { !$0.status.isTerminal }
        case .actions(.execute): return targets.isEmpty || targets.contains { $0.status == .queued }
        default: return true
        }
    }
}
