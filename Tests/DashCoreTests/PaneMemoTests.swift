import CaseDevAPI
import Foundation
import Testing
@testable import DashCore

/// A pane copied from the last frame must look exactly as if it had been drawn again: every
/// frame of a session with the memo equals the frame drawn from scratch.
@Suite struct PaneMemoTests {
    @Test func framesWithTheMemoEqualFramesDrawnFromScratch() {
        // Before the agents load, then their error, then the loaded list.
        var s = DashState(config: DashConfig(endpoint: "127.0.0.1:8080", demo: true), size: Size(cols: 120, rows: 40),
                          now: Fixtures.t0, themes: [Theme.builtinDark])
        var memo = PaneMemo()
        for event: DashEvent in [.tick(Fixtures.t0), .requestFailed(.agents, CaseDevError(kind: .network, message: "down"), at: Fixtures.t0),
                                 .agentsLoaded(Fixtures.agents, at: Fixtures.t0),
                                 .runsLoaded(RunPage(runs: Fixtures.runs, hasMore: true, nextCursor: "c"), query: s.query, at: Fixtures.t0)] {
            _ = Dash.update(&s, event)
            let same = DashView.render(s, memo: &memo) == DashView.render(s)
            #expect(same, "after \(event)")
        }
        s = Fixtures.state()
        var step = 0
        func check(_ event: DashEvent) {
            _ = Dash.update(&s, event)
            step += 1
            let kept = DashView.render(s, memo: &memo)
            let fresh = DashView.render(s)
            let same = kept == fresh
            #expect(same, "frame \(step) after \(event) differs:\n\(kept.text())\n--- from scratch:\n\(fresh.text())")
        }
        check(.tick(Fixtures.t0.addingTimeInterval(1)))
        let before = memo.reused, rowsBefore = memo.reusedRows
        check(.tick(Fixtures.t0.addingTimeInterval(2)))
        #expect(memo.reused == before + 2)  // agents and usage copied: nothing they read changed
        // The rows whose age and duration texts did not move (minutes old, finished) are copied.
        let still = s.runList.runs.filter { $0.status.isTerminal && Fixtures.t0.timeIntervalSince($0.createdAt!) > 120 }.count
        #expect(still > 0 && memo.reusedRows >= rowsBefore + still)
        check(.key(.down))  // another run selected: its usage
        let selected = s.runList.selected!
        check(.detailsLoaded(Fixtures.details(selected, logs: ["runner": "a"], tokens: 99_000), at: Fixtures.t0))
        check(.detailsLoaded(Fixtures.details(selected, logs: ["runner": "a\nb"], tokens: 120_000), at: Fixtures.t0))
        let other = s.runList.runs.first { $0.id != selected.id && $0.status.isTerminal }!
        check(.detailsLoaded(Fixtures.details(other, logs: [:], tokens: 7_000), at: Fixtures.t0))  // totals
        let another = s.runList.runs.first { ![selected.id, other.id].contains($0.id) && $0.status.isTerminal && !s.store.knowsUsage($0.id) }!
        check(.costRead(Fixtures.cost(another, tokens: 3_000), at: Fixtures.t0))  // the totals move
        // A list answer that changes nothing the totals show: the usage pane is copied, though
        // what the totals are computed from changed.
        var reworded = s.runList.runs
        reworded[0].prompt += " (reworded)"
        let reusedBefore = memo.reused
        check(.runsLoaded(RunPage(runs: reworded, hasMore: true, nextCursor: "c"), query: s.query, at: Fixtures.t0.addingTimeInterval(2.5)))
        #expect(memo.reused == reusedBefore + 1)
        for key: Key in [.tab, .tab, .tab, .down, .down, .up, .tab, .char("S"), .esc, .char("s"), .esc,
                         .char(" "), .down, .char(" "), .up, .char(" ")] { check(.key(key)) }
        var changed = Fixtures.runs
        if let i = changed.firstIndex(where: { $0.status == .running }) { changed[i].status = .completed }
        changed.removeLast()
        check(.runsLoaded(RunPage(runs: changed, hasMore: false, nextCursor: nil), query: s.query, at: Fixtures.t0.addingTimeInterval(3)))
        var renamed = Fixtures.agents
        renamed[0].name = "Contract Reviewer II"
        check(.agentsLoaded(renamed, at: Fixtures.t0.addingTimeInterval(4)))
        check(.agentsLoaded(Array(renamed.dropLast()), at: Fixtures.t0.addingTimeInterval(5)))
        check(.resize(Size(cols: 150, rows: 45)))
        check(.resize(Size(cols: 100, rows: 30)))
        check(.resize(Size(cols: 80, rows: 24)))  // the reduced layout: no panes kept
        check(.resize(Size(cols: 120, rows: 40)))
        check(.tick(Fixtures.t0.addingTimeInterval(90)))
    }
}
