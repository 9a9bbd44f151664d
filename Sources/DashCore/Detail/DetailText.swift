import RunFollow

/// What the detail pane shows, as plain text (sanitised): what `Y` copies.
enum DetailText {
    static func current(_ s: DashState) -> String? {
        guard let run = s.selectedRun else { return nil }
        switch s.detail.tab {
        case .logs:
            guard let f = s.logFrame else { return nil }
            return (0..<f.page.count).map { f.page.text($0) }.joined(separator: "\n")
        case .steps:
            return s.store.details(run.id).map { DetailView.steps($0, ascii: false).map(\.0).joined(separator: "\n") }
        case .output:
            return s.store.details(run.id).map { DetailView.output($0, width: 10_000).map(\.0).joined(separator: "\n") }
        case .usage:
            return s.store.details(run.id).map { UsageView.runLines($0.usage, bars: Glyphs.unicode.bars, width: 80).map(\.0).joined(separator: "\n") }
        }
    }
}
