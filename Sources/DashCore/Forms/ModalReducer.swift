/// The open dialog's reducer: it takes every key while it is open, and never lets one fall through.
enum ModalReducer {
    static func key(_ s: inout DashState, _ modal: Modal, _ key: Key) -> [DashEffect] {
        switch modal {
        case .help(let scroll):
            if [.esc, .char("?"), .char("q"), .enter].contains(key) { s.modal = nil }
            else {
                // Pages are the help's own height, the end is its last line, and the scroll stays
                // within them (so ↑ moves at once after G).
                let (page, last) = Overlays.helpView(s)
                let moved: Int? = switch key {
                case .pageDown, .char(" "): scroll + page
                case .pageUp: scroll - page
                case .end, .char("G"): last
                case .home, .char("g"): 0
                default: scrolled(scroll, key)
                }
                if let moved { s.modal = .help(scroll: min(max(0, moved), last)) }
            }
        case .confirmCancel(let runIds):
            s.modal = nil
            return ActionsReducer.confirmedCancel(&s, runIds, confirmed: key == .char("y") || key == .char("Y"))
        case .agent(let id, let scroll):
            switch key {
            case .esc, .enter, .char("q"): s.modal = nil
            case .char("E"), .char("D"):
                guard !s.config.readonly else { s.show("Read-only mode: actions are disabled", error: true); return [] }
                if key == .char("E") { return AgentActions.edit(&s) }
                AgentActions.askToDelete(&s)
            default: if let moved = scrolled(scroll, key) { s.modal = .agent(id: id, scroll: moved) }
            }
        case .step(let index, let scroll):
            if key == .char("L") { InsightReducer.logsOfStep(&s, index) }
            else if [.esc, .enter, .char("q")].contains(key) { s.modal = nil }
            else if let moved = scrolled(scroll, key) { s.modal = .step(index: index, scroll: moved) }
        case .diff(let a, let b, let scroll):
            if [.esc, .enter, .char("q"), .char("d")].contains(key) { s.modal = nil }
            else if let moved = scrolled(scroll, key) { s.modal = .diff(a: a, b: b, scroll: moved) }
        case .health(let cursor, let sort):
            return healthKey(&s, cursor, sort, key)
        case .confirmDelete(let id, let typed):
            return AgentActions.deleteKey(&s, id, typed, key)
        case .actionLog(let scroll):
            if [.esc, .enter, .char("q"), .char("H")].contains(key) { s.modal = nil }
            else if let moved = scrolled(scroll, key) { s.modal = .actionLog(scroll: moved) }
        case .oneShot(var result):
            if [.esc, .enter, .char("q")].contains(key) { s.modal = nil }
            else if let moved = scrolled(result.scroll, key) { result.scroll = moved; s.modal = .oneShot(result) }
        case .form(var form):
            if key == .esc { s.modal = nil; return [] }
            let submit = form.handle(key)
            s.modal = .form(form)
            if submit { return ActionsReducer.submit(&s, form) }
        }
        return []
    }

    static func healthKey(_ s: inout DashState, _ cursor: Int, _ sort: AgentHealth.Sort, _ key: Key) -> [DashEffect] {
        let table = AgentHealth.sorted(AgentHealth.table(s), by: sort)
        switch key {
        case .esc, .char("q"), .char("h"): s.modal = nil
        case .char("s"):
            let all = AgentHealth.Sort.allCases
            s.modal = .health(cursor: 0, sort: all[((all.firstIndex(of: sort) ?? 0) + 1) % all.count])
        case .enter:
            s.modal = nil
            guard table.indices.contains(cursor) else { return [] }
            Flows.setAgentFilter(&s, table[cursor].agentId)
            s.focus = .runs
        default:
            if let moved = scrolled(cursor, key) { s.modal = .health(cursor: min(moved, max(0, table.count - 1)), sort: sort) }
        }
        return []
    }

    /// Scrolling keys of a text dialog; nil for any other key.
    static func scrolled(_ scroll: Int, _ key: Key) -> Int? {
        switch key {
        case .down, .char("j"): scroll + 1
        case .up, .char("k"): max(0, scroll - 1)
        case .pageDown: scroll + 10
        case .pageUp: max(0, scroll - 10)
        default: nil
        }
    }
}
