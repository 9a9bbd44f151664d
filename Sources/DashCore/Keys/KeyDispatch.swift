/// Where a key goes: Ctrl-C always quits; an open dialog, then the prompt, take every key;
/// otherwise the key table resolves it in the focused pane's contexts and the command goes to
/// its area's reducer.
enum KeyDispatch {
    static func handle(_ s: inout DashState, _ key: Key) -> [DashEffect] {
        if key == .ctrl("c") { return Dash.quit(&s) }
        if let modal = s.modal { return ModalReducer.key(&s, modal, key) }
        if let prompt = s.prompt {
            if prompt.purpose == .command { return PaletteReducer.key(&s, prompt, key) }
            PromptReducer.key(&s, prompt, key)
            return []
        }
        if s.layout.mode == .tooSmall { return key == .char("q") ? Dash.quit(&s) : [] }
        guard let binding = KeyMap.resolve(key, in: s.config.bindings, contexts: contexts(s), readonly: s.config.readonly) else {
            if s.config.readonly, KeyMap.isRefusedAction(key, in: s.config.bindings) { s.show("Read-only mode: actions are disabled", error: true) }
            return []
        }
        return route(&s, binding.command)
    }

    static func route(_ s: inout DashState, _ command: Command) -> [DashEffect] {
        switch command {
        case .app(let c): return AppReducer.run(&s, c)
        case .nav(let c): return Navigation.run(&s, c)
        case .runs(let c): return RunListReducer.run(&s, c)
        case .logs(let c): return LogsReducer.run(&s, c)
        case .actions(let c): return ActionsReducer.run(&s, c)
        case .insight(let c): return InsightReducer.run(&s, c)
        }
    }

    /// The key contexts in force, most specific first.
    static func contexts(_ s: DashState) -> [KeyContext] {
        switch s.focus {
        case .detail:
            if s.detail.tab == .steps { [.steps, .detail, .global] }
            else if s.detail.tab == .logs && s.detail.log.search != nil { [.logs, .detail, .global] }
            else { [.detail, .global] }
        case .runs: [.runs, .lists, .global]
        case .agents: [.agents, .lists, .global]
        }
    }
}
