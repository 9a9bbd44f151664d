import CaseDevAPI
import Foundation

/// The top line: where casedash points, whether the data is live, and the run counts and tokens.
enum HeaderView {
    static func draw(_ g: inout Grid, _ s: DashState, _ r: Rect) {
        g.fill(r, role: .header)
        let wide = r.width >= 110
        let right = counts(s, glyphs: g.glyphs, wide: wide)
        let rightWidth = DisplayWidth.of(right)
        // The right part (counts, tokens) always shows; the left part gives way.
        var x = r.x
        for (text, role) in left(s, glyphs: g.glyphs, width: r.width, wide: wide) where x < r.width - rightWidth - 1 {
            x += g.put(text, x: x, y: r.y, role: role, limit: r.width - rightWidth - 1 - x)
        }
        g.put(right, x: max(r.x, r.width - rightWidth), y: r.y, role: .header)
    }

    static func left(_ s: DashState, glyphs: Glyphs, width: Int, wide: Bool) -> [(String, Role)] {
        let sep = " \(glyphs.vertical) "
        var left: [(String, Role)] = [(width >= 140 ? " casedash" + sep : " ", .header)]
        if let context = s.config.context, context != "demo" {
            // As k9s marks production: a prod context that can change things stands out.
            let risky = context.lowercased().contains("prod") && !s.config.readonly
            left += [(" \(Sanitizer.line(context)) ", risky ? .error : .headerBadge), (" ", .header)]
        }
        left.append((Sanitizer.line(s.config.endpoint), .header))
        if s.config.demo { left += [(" ", .header), (" DEMO ", .headerBadge)] }
        if s.config.readonly { left += [(" ", .header), (" READ-ONLY ", .headerBadge)] }
        else if s.config.guards.cancel { left += [(" ", .header), (" GUARDS CANCEL ", .error)] }
        left.append((sep, .header))
        let c = s.poll.connection
        if c.isFailing {
            left.append(("\(glyphs.bullet) retrying in \(DashView.secondsUntil(c.retryAt, from: s.now))s", .error))
        } else if c.lastSuccess == nil {
            left.append(("\(glyphs.bullet) connecting…", .header))
        } else {
            left.append(("\(glyphs.bullet) live", .ok))
        }
        if let last = c.lastSuccess {
            let age = s.now.timeIntervalSince(last)
            // Rounded: the answer lands a few milliseconds after the tick that asked for it, so
            // the ticks after it come just short of whole seconds (0.997 s is "1s ago", not "0s").
            left.append((" \(glyphs.separator) updated \(Format.age(age.rounded())) ago", age > 2 * s.prefs.interval + 1 ? .stale : .header))
        }
        // The error text comes last: it is the part that may be cut.
        if c.isFailing { left.append((" \(glyphs.separator) \(c.lastError ?? "error")", .error)) }
        if let q = s.poll.quota, q.fractionLeft < 0.5, q.resetAt.map({ $0 > s.now }) ?? true {
            // Says how much of the quota is left once it matters, and why polling slowed down.
            let spacing = s.poll.quotaSpacing(now: s.now)
            let why = spacing.map { " low: every \(Format.seconds(($0 * 10).rounded(.up) / 10)) till reset" } ?? ""
            left.append((" \(glyphs.separator) quota \(q.remaining)/\(q.limit)\(why)", spacing == nil ? .header : .stale))
        }
        if wide && !c.isFailing && s.poll.quotaSpacing(now: s.now) == nil {
            let idle = s.effectiveInterval > s.prefs.interval ? " (idle)" : ""
            left.append((" \(glyphs.separator) every \(Format.seconds(s.effectiveInterval))\(idle)", .header))
        }
        return left
    }

    /// True when the left part shows a number of seconds that the clock alone changes.
    static func countsSeconds(_ s: DashState) -> Bool {
        let c = s.poll.connection
        return (c.isFailing && c.retryAt != nil) || c.lastSuccess != nil
    }

    static func counts(_ s: DashState, glyphs: Glyphs, wide: Bool) -> String {
        let a = glyphs.isASCII
        let (q, run, f) = (s.runList.count(.queued), s.runList.count(.running), s.runList.count(.failed))
        let sym = { (status: RunStatus) in Format.statusSymbol(status, ascii: a) }
        let counts = wide ? "\(sym(.queued)) \(q) queued  \(sym(.running)) \(run) running  \(sym(.failed)) \(f) failed"
                          : "\(sym(.queued))\(q) \(sym(.running))\(run) \(sym(.failed))\(f)"
        return counts + " \(glyphs.vertical) " + "\(Format.tokens(s.currentUsageTotals.tokens)) tok" + (wide ? "ens " : " ")
    }
}
