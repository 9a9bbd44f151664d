import CaseDevAPI
import Foundation

/// Renders the state into a cell grid. Pure: the same state gives the same frame.
public enum DashView {
    public static func render(_ s: DashState) -> Grid {
        var memo = PaneMemo()
        return render(s, memo: &memo)
    }

    /// Renders `s`, copying the panes whose inputs are unchanged since the frame `memo` kept.
    public static func render(_ s: DashState, memo: inout PaneMemo) -> Grid {
        var g = Grid(size: s.viewport.size, glyphs: s.config.ascii ? .ascii : .unicode)
        guard g.size.cols > 0, g.size.rows > 0 else { return g }
        let layout = s.layout
        if layout.mode == .tooSmall {
            tooSmall(&g)
            return g
        }
        HeaderView.draw(&g, s, layout.header)
        if layout.mode == .full {
            memo.agentsPane(&g, s, layout.agents)
            if let usage = layout.usage { memo.usagePane(&g, s, usage) }
        } else {
            AgentsView.strip(&g, s, layout.agents)
        }
        RunsView.pane(&g, s, layout.runs, memo: &memo)
        DetailView.pane(&g, s, layout.detail)
        FooterView.draw(&g, s, layout.footer)
        Overlays.draw(&g, s)
        g.blankSplitWideCharacters()
        if s.config.ascii { g.replaceUIGlyphsWithASCII() }
        return g
    }

    static func tooSmall(_ g: inout Grid) {
        let lines = ["Terminal too small: \(g.size.cols)x\(g.size.rows)",
                     "casedash needs at least \(Layout.minimum.cols)x\(Layout.minimum.rows)",
                     "(q quits)"]
        let top = max(0, g.size.rows / 2 - 1)
        for (i, line) in lines.enumerated() where top + i < g.size.rows {
            let w = DisplayWidth.of(line)
            g.put(line, x: max(0, (g.size.cols - w) / 2), y: top + i, role: i == 0 ? .error : .normal)
        }
    }

    /// When the frame next changes by the clock alone, given the last display tick: a second
    /// later while the header counts seconds ("updated Ns ago", "retrying in Ns"), which it does
    /// whenever anything that ages (run ages, durations, tints of changed rows) can be on
    /// screen; nil when nothing drawn depends on the clock (before the first answer, or a
    /// terminal too small to draw). The runtime arms its one timer with this.
    public static func nextClockChange(_ s: DashState, lastTick: Date) -> Date? {
        guard s.layout.mode != .tooSmall, HeaderView.countsSeconds(s) else { return nil }
        return lastTick.addingTimeInterval(1)
    }

    /// Whole seconds until `date`, never negative.
    static func secondsUntil(_ date: Date?, from now: Date) -> Int {
        date.map { Format.wholeSeconds($0.timeIntervalSince(now), rounding: .up) } ?? 0
    }
}
