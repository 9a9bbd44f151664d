import CaseDevAPI
import Foundation

/// The `:` command line, as k9s has it: a verb and an argument, completed with Tab.
enum Palette {
    /// A command the palette understood.
    enum Command: Equatable {
        case run(String)
        case agent(String?)
        case status(RunStatus?)
        case sort(SortOrder)
        case theme(String)
        case interval(TimeInterval)
        case key(DashCore.Command)
        case context(String?)
        case watch(String)
    }

    static let verbs = ["run", "agent", "status", "sort", "theme", "interval", "context", "watch", "log", "quit", "q"]

    static func parse(_ text: String, _ s: DashState) -> Result<Command, PaletteError> {
        let words = text.split(separator: " ", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard let verb = words.first?.lowercased() else { return .failure(.init("type a command: \(verbs.dropLast().joined(separator: ", "))")) }
        let arg = words.count > 1 ? words[1] : ""
        switch verb {
        case "run": return arg.isEmpty ? .failure(.init("run needs an id or the start of one")) : .success(.run(arg))
        case "agent": return agent(arg, s)
        case "status":
            if arg.isEmpty || arg == "all" { return .success(.status(nil)) }
            guard let st = RunStatus.known.first(where: { $0.rawValue == arg.lowercased() }) else {
                return .failure(.init("no status \"\(arg)\" (all, \(RunStatus.known.map(\.rawValue).joined(separator: ", ")))"))
            }
            return .success(.status(st))
        case "sort":
            guard let order = SortOrder(rawValue: arg.lowercased()) else {
                return .failure(.init("sort by \(SortOrder.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            return .success(.sort(order))
        case "theme":
            guard let theme = s.prefs.themes.first(where: { $0.name == arg }) else {
                return .failure(.init("no theme \"\(arg)\" (\(s.prefs.themes.map(\.name).joined(separator: ", ")))"))
            }
            return .success(.theme(theme.name))
        case "interval":
            guard let seconds = Double(arg), Preferences.intervalRange.contains(seconds) else {
                return .failure(.init("interval takes seconds between 0.5 and 300"))
            }
            return .success(.interval(seconds))
        case "context":
            if arg.isEmpty { return .success(.context(nil)) }
            guard s.config.contexts.contains(arg) else {
                return .failure(.init("no context \"\(Sanitizer.line(arg))\" (\(s.config.contexts.joined(separator: ", ")))"))
            }
            return .success(.context(arg))
        case "watch":
            if let problem = ActionsReducer.watcherProblem(arg) { return .failure(.init("watch: \(problem)")) }
            return .success(.watch(arg))
        case "log": return .success(.key(.app(.actionLog)))
        case "q", "quit": return .success(.key(.app(.quit)))
        default: return .failure(.init("unknown command \"\(Sanitizer.line(verb))\" (\(verbs.dropLast().joined(separator: ", ")))"))
        }
    }

    /// An agent by name: exact, else the one whose name starts with it, else the one that holds
    /// its letters in order (fuzzy). `all` clears the filter.
    static func agent(_ query: String, _ s: DashState) -> Result<Command, PaletteError> {
        let q = query.lowercased()
        if q.isEmpty || q == "all" { return .success(.agent(nil)) }
        let agents = s.agentList.agents.map { ($0.id, s.agentList.name($0.id).lowercased()) }
        for matches in [agents.filter { $0.1 == q }, agents.filter { $0.1.hasPrefix(q) }, agents.filter { isSubsequence(q, of: $0.1) }]
        where !matches.isEmpty {
            guard matches.count == 1 else {
                return .failure(.init("\(matches.count) agents match \"\(Sanitizer.line(query))\": type more (Tab lists them)"))
            }
            return .success(.agent(matches[0].0))
        }
        return .failure(.init("no agent matches \"\(Sanitizer.line(query))\""))
    }

    static func isSubsequence(_ needle: String, of hay: String) -> Bool {
        var it = hay.makeIterator()
        return needle.allSatisfy { c in while let h = it.next() { if h == c { return true } }; return false }
    }

    /// What the argument (or the verb) could be, for Tab.
    static func candidates(_ text: String, _ s: DashState) -> (prefix: String, options: [String]) {
        guard let space = text.firstIndex(of: " ") else { return ("", verbs.filter { $0.hasPrefix(text.lowercased()) && $0 != "q" }) }
        let verb = text[..<space].lowercased()
        let arg = text[text.index(after: space)...].trimmingCharacters(in: .whitespaces)
        let all: [String]
        switch verb {
        case "agent": all = ["all"] + s.agentList.agents.map { s.agentList.name($0.id) }
        case "status": all = ["all"] + RunStatus.known.map(\.rawValue)
        case "sort": all = SortOrder.allCases.map(\.rawValue)
        case "theme": all = s.prefs.themes.map(\.name)
        case "run": all = s.runList.runs.map { Sanitizer.line($0.id) }
        case "context": all = s.config.contexts
        default: all = []
        }
        return (verb + " ", all.filter { $0.lowercased().hasPrefix(arg.lowercased()) || (verb == "run" && $0.dropFirst(4).hasPrefix(arg)) })
    }

    /// The text after Tab: the one candidate, else their longest common start.
    static func complete(_ text: String, _ s: DashState) -> (text: String, options: [String]) {
        let (prefix, options) = candidates(text, s)
        guard let first = options.first else { return (text, []) }
        if options.count == 1 { return (prefix + first + (prefix.isEmpty ? " " : ""), []) }
        var common = first
        for o in options.dropFirst() { while !o.lowercased().hasPrefix(common.lowercased()) { common.removeLast() } }
        let current = String(text.dropFirst(prefix.count))
        return (common.count > current.count ? prefix + common : text, options)
    }
}

struct PaletteError: Error, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}
