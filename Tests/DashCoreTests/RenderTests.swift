import CaseDevAPI
@testable import DashCore
import Foundation
import Testing

@Suite struct RenderTests {
    func withSelectedLogs(_ s: inout DashState, logs: [String: String]) {
        s.poll.inFlight = []
        _ = Dash.update(&s, .key(.down))
        _ = Dash.update(&s, .detailsLoaded(Fixtures.details(Fixtures.runs[1], logs: logs), at: Fixtures.t0))
        for r in Fixtures.runs where r.status == .completed {
            _ = Dash.update(&s, .detailsLoaded(Fixtures.details(r, logs: [:], tokens: 10_000 + r.id.count * 1_000), at: Fixtures.t0))
        }
        _ = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(1)))
    }

    @Test func fullLayoutAt120x40() {
        var s = Fixtures.state()
        withSelectedLogs(&s, logs: ["runner": Fixtures.runnerLog, "linc": Fixtures.lincLog])
        assertFrame(DashView.render(s), named: "full-120x40")
    }

    @Test func reducedLayoutAt80x24() {
        var s = Fixtures.state(cols: 80, rows: 24)
        withSelectedLogs(&s, logs: ["runner": Fixtures.runnerLog, "linc": Fixtures.lincLog])
        assertFrame(DashView.render(s), named: "reduced-80x24")
    }

    @Test func tooSmallTerminalShowsAMessage() {
        let s = Fixtures.state(cols: 40, rows: 10)
        let g = DashView.render(s)
        assertFrame(g, named: "tiny-40x10")
        #expect(g.text().contains("Terminal too small: 40x10"))
    }

    @Test func wideCharactersTakeTwoCellsAndNeverSplit() {
        var s = Fixtures.state(cols: 100, rows: 30)
        withSelectedLogs(&s, logs: ["runner": "日本語のログ 🚀 done\n" + String(repeating: "漢", count: 80)])
        let g = DashView.render(s)
        assertFrame(g, named: "wide-100x30")
        // Every row is exactly 100 cells wide when measured as the terminal does.
        for line in g.text().split(separator: "\n") { #expect(DisplayWidth.of(line) == 100) }
    }

    @Test func aWideCharacterHalfCoveredByAModalBecomesASpace() {
        var g = Grid(size: Size(cols: 6, rows: 2))
        g.put("契約ab", x: 0, y: 0)
        g.put("│", x: 1, y: 0)   // a border over the right half of 契
        g.put("ab契約", x: 0, y: 1)
        g.put("│", x: 4, y: 1)   // over the left half of 約
        g.blankSplitWideCharacters()
        #expect(g.text() == " │約ab\nab契│ ")
        for line in g.text().split(separator: "\n") { #expect(DisplayWidth.of(line) == 6) }
        // Whole wide characters are left alone.
        var whole = Grid(size: Size(cols: 4, rows: 1))
        whole.put("契約", x: 0, y: 0)
        let before = whole
        whole.blankSplitWideCharacters()
        #expect(whole == before)
    }

    @Test func hostileLogBytesNeverReachTheTerminal() {
        var s = Fixtures.state()
        let hostile = "ok \u{1B}[31mred\u{1B}[0m\n\u{1B}]0;pwned title\u{07}title gone\n\u{1B}[2J\u{1B}[Hclear screen\n"
            + "tab\there\u{0}nul\u{08}bs\u{7F}del\n\u{9B}31mC1 CSI\n\u{202E}reversed\u{202C} bidi\n\r\ncarriage\rreturn"
        withSelectedLogs(&s, logs: ["runner": hostile, "evil\u{1B}[31mstream": "x"])
        let g = DashView.render(s)
        assertFrame(g, named: "hostile-120x40")
        for cell in g.cells {
            for scalar in cell.text.unicodeScalars {
                #expect(scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80..<0xA0).contains(scalar.value)
                        && !(0x202A...0x202E).contains(scalar.value), "control U+\(String(scalar.value, radix: 16)) reached the grid")
            }
        }
        #expect(g.text().contains("ok red"))
        #expect(g.text().contains("tab here"))
        // The hostile stream name itself, once shown.
        _ = Dash.update(&s, .key(.enter))
        _ = Dash.update(&s, .key(.char("l")))
        let named = DashView.render(s)
        #expect(named.text().contains("evilstream 1"))
        #expect(named.cells.allSatisfy { !$0.text.unicodeScalars.contains { $0.value == 0x1B } })
    }

    @Test func headerShowsFailureAgeAndRetryButKeepsTheData() {
        var s = Fixtures.state()
        s.poll.inFlight = [.runs]
        _ = Dash.update(&s, .requestFailed(.runs, CaseDevError(kind: .connectionRefused, message: "connection refused by 127.0.0.1:8080"),
                                           at: Fixtures.t0.addingTimeInterval(10)))
        _ = Dash.update(&s, .tick(Fixtures.t0.addingTimeInterval(11)))
        let text = DashView.render(s).text()
        #expect(text.contains("retrying in 1s · updated 11s ago · connection"))
        #expect(text.contains("API error: connection refused by 127.0.0.1:8080 · showing data from 11s ago · retry in 1s"))
        #expect(text.contains("updated 11s ago"))
        #expect(text.contains("run_0012".dropFirst(4)))
    }

    @Test func helpAndFormsAndConfirmation() {
        var s = Fixtures.state()
        _ = Dash.update(&s, .key(.char("?")))
        assertFrame(DashView.render(s), named: "help-120x40")
        _ = Dash.update(&s, .key(.esc))
        _ = Dash.update(&s, .key(.char("n")))
        for c in "Check the NDA" { _ = Dash.update(&s, .key(.char(c))) }
        assertFrame(DashView.render(s), named: "form-new-run-120x40")
        _ = Dash.update(&s, .key(.esc))
        _ = Dash.update(&s, .key(.down))
        _ = Dash.update(&s, .key(.char("c")))
        let confirm = DashView.render(s).text()
        #expect(confirm.contains("Cancel run 0011abcd (running)?"))
        #expect(confirm.contains("keep it (default)"))
    }

    @Test func readonlyHidesActionsFromFooterAndHelp() {
        var s = Fixtures.state(readonly: true)
        let text = DashView.render(s).text()
        #expect(text.contains("READ-ONLY"))
        #expect(!text.contains("new run"))
        _ = Dash.update(&s, .key(.char("?")))
        let help = DashView.render(s).text()
        #expect(help.contains("READ-ONLY: n e c R V E D a x"))
        #expect(!help.contains("cancel the selected run"))
    }

    @Test func reducedAgentStripScrollsToTheHighlightedAgent() {
        var s = Fixtures.state(cols: 60, rows: 20)
        let extra = (1...4).map { Agent(id: "agent_extra\($0)", name: "Extra Agent Number \($0)") }
        _ = Dash.update(&s, .agentsLoaded(Fixtures.agents + extra, at: Fixtures.t0))
        _ = Dash.update(&s, .key(.backTab))
        #expect(s.focus == .agents)
        _ = Dash.update(&s, .key(.char("G")))
        let strip = DashView.render(s).text().split(separator: "\n")[1]
        #expect(strip.contains("Extra Agent Number 4"))
        #expect(strip.hasPrefix("Agents: …"))
    }

    @Test func asciiModeUsesNoUnicodeGlyphs() {
        var s = Fixtures.state(config: DashConfig(endpoint: "127.0.0.1:8080", demo: true, ascii: true))
        _ = Dash.update(&s, .agentsLoaded(Fixtures.agents.filter { $0.id != "agent_tokyo" }, at: Fixtures.t0))
        _ = Dash.update(&s, .runsLoaded(RunPage(runs: Fixtures.runs.filter { $0.agentId != "agent_tokyo" }, hasMore: true,
                                                nextCursor: "run_0001abcdefgh"), query: s.query, at: Fixtures.t0))
        let text = DashView.render(s).text()
        let odd = Set(text.unicodeScalars.filter { !$0.isASCII }.map { String($0) })
        #expect(odd.isEmpty, "non-ASCII in ASCII mode: \(odd.sorted())")
    }
}

@Suite struct GridTests {
    @Test func putClipsAndNeverSplitsAWideCharacter() {
        var g = Grid(size: Size(cols: 5, rows: 1))
        let used = g.put("ab漢字", x: 0, y: 0)
        #expect(used == 4 && g.text() == "ab漢 ")
        var h = Grid(size: Size(cols: 5, rows: 1))
        h.put("abcd漢", x: 0, y: 0)
        #expect(h.text() == "abcd ")
    }

    @Test func truncateAndPadMeasureCells() {
        #expect("契約レビュー".truncated(to: 7) == "契約レ…")
        #expect("abc".padded(to: 5) == "abc  ")
        #expect("7".leftPadded(to: 3) == "  7")
    }
}

@Suite struct SanitizerTests {
    @Test func stripsEscapesAndControlsButKeepsText() {
        #expect(Sanitizer.line("\u{1B}[1;31mbold red\u{1B}[0m") == "bold red")
        #expect(Sanitizer.line("a\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\b") == "alinkb")
        #expect(Sanitizer.line("a\tb") == "a   b")
        #expect(Sanitizer.line("x\u{07}\u{00}\u{7F}y") == "xy")
        #expect(Sanitizer.line("line\nbreak") == "line break")
        #expect(Sanitizer.line("\u{1B}(Bplain") == "plain")
        #expect(Sanitizer.line("日本語 ✓") == "日本語 ✓")
        #expect(Sanitizer.lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"])
    }

    @Test func displayWidthOfCommonText() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("─│┌✓◷▶") == 6)
        #expect(DisplayWidth.of("한글") == 4)
    }
}


@Suite struct ColourTests {
    @Test func coloursDegradeTo256And16And8() {
        #expect(ColorSpec.rgb(255, 0, 0).downgraded(to: 256) == .index(196))
        #expect(ColorSpec.rgb(255, 0, 0).downgraded(to: 16) == .index(9))
        #expect(ColorSpec.rgb(255, 0, 0).downgraded(to: 8) == .index(1))
        #expect(ColorSpec.index(203).downgraded(to: 16) == .index(9))
        #expect(ColorSpec.index(12).downgraded(to: 8) == .index(4))
        #expect(ColorSpec.parse("bright-blue") == .index(12))
        #expect(ColorSpec.parse("default") == .terminalDefault)
        #expect(ColorSpec.parse("256") == nil)
    }
}
