/// The one-line prompt's reducer: typing applies the filter or search at once; Enter keeps
/// it, Esc clears it.
enum PromptReducer {
    static func key(_ s: inout DashState, _ prompt: LinePrompt, _ key: Key) {
        var text = prompt.text
        switch key {
        case .enter:
            if let problem = apply(&s, prompt.purpose, text) {
                s.prompt?.problem = problem  // it stays open until the pattern is valid, or Esc
                return
            }
            s.prompt = nil
            if prompt.purpose == .logSearch { s.detail.log.match = nil; LogsReducer.jumpToMatch(&s, forward: true) }
            return
        case .esc:
            s.prompt = nil
            apply(&s, prompt.purpose, "")
            return
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .ctrl("u"): text = ""
        case .char(let c): text.append(c)
        default: return
        }
        s.prompt?.text = text
        let problem = apply(&s, prompt.purpose, text)
        s.prompt?.problem = problem
    }

    /// Applies the text; returns why it could not be (an invalid pattern).
    @discardableResult
    static func apply(_ s: inout DashState, _ purpose: LinePrompt.Purpose, _ text: String) -> String? {
        switch purpose {
        case .runFilter: RunListReducer.setTextFilter(&s, text); return nil
        case .logSearch: return LogsReducer.setSearch(&s, text)
        case .command: return nil  // the palette's own reducer runs commands
        }
    }
}
