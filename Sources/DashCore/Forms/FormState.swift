import CaseDevAPI
import Foundation

/// A dialog form: new run, new agent, one-shot execute.
public struct FormState: Sendable, Hashable {
    public enum Purpose: Sendable, Hashable {
        case newRun, newAgent, oneShot
        /// Editing this agent (as last fetched): only the fields that differ from it are sent.
        case editAgent(Agent)
        /// Registering a watcher URL for this run.
        case watch(runId: String)
    }

    public enum FieldKind: Sendable, Hashable {
        case text(multiline: Bool)
        case toggle
        /// A choice among (id, label) pairs, changed with ←/→ or Space.
        case choice([Choice])
    }

    public struct Choice: Sendable, Hashable {
        public var id: String
        public var label: String
    }

    public struct Field: Sendable, Hashable {
        public var key: String
        public var label: String
        public var kind: FieldKind
        public var value: String = "" { didSet { cursor = min(cursor, value.count) } }
        /// Insertion point in `value`, in characters.
        public var cursor = 0
        public var on = false
        public var selected = 0
        public var required = false
        /// Shown dimmed while the field is empty.
        public var hint = ""
    }

    public var purpose: Purpose
    public var fields: [Field]
    public var focus: Int
    public var error: String?
    public var submitting = false

    public var title: String {
        switch purpose {
        case .newRun: "New run"
        case .newAgent: "New agent"
        case .oneShot: "One-shot execute"
        case .editAgent(let a): "Edit agent \(Sanitizer.line(a.name))"
        case .watch(let id): "Watch run \(Format.shortId(id))"
        }
    }

    /// What the form's request acts on, for tracking it in flight.
    public var target: ActionTarget {
        switch purpose {
        case .newRun: .createRun
        case .newAgent: .createAgent
        case .oneShot: .oneShot
        case .editAgent(let a): .agent(a.id)
        case .watch(let id): .watch(id)
        }
    }

    /// The request the form sends, from its current values.
    func request() -> DashEffect? {
        switch purpose {
        case .newRun:
            guard let agent = field("agent"), case .choice(let options) = agent.kind, options.indices.contains(agent.selected) else { return nil }
            return .createRun(CreateRunRequest(agentId: options[agent.selected].id, prompt: text("prompt") ?? "",
                                               guidance: text("guidance"), model: text("model")),
                              execute: field("execute")?.on ?? true)
        case .newAgent:
            return .createAgent(CreateAgentRequest(name: text("name") ?? "", instructions: text("instructions") ?? "", model: text("model")))
        case .oneShot:
            return .execute(ExecuteRequest(prompt: text("prompt") ?? "", instructions: text("instructions"), model: text("model"),
                                           agentRuntime: field("async")?.on == true ? true : nil))
        case .editAgent(let a):
            let change = changes(from: a)
            return change == UpdateAgentRequest() ? nil : .updateAgent(a.id, change)
        case .watch(let id):
            return .watchRun(id, url: text("url") ?? "")
        }
    }

    /// The fields that differ from the agent as fetched: a PATCH sends only those.
    func changes(from a: Agent) -> UpdateAgentRequest {
        var u = UpdateAgentRequest()
        let name = text("name") ?? "", instructions = text("instructions") ?? "", model = text("model")
        let description = text("description")
        if name != a.name { u.name = name }
        if instructions != (a.instructions ?? "") { u.instructions = instructions }
        if model != a.model, let model { u.model = model }
        if description != a.description { u.description = description.map { .set($0) } ?? .clear }
        return u
    }

    static func editAgent(_ a: Agent) -> FormState {
        var form = FormState(purpose: .editAgent(a), fields: [
            Field(key: "name", label: "Name", kind: .text(multiline: false), required: true),
            Field(key: "description", label: "Description", kind: .text(multiline: false), hint: "what it is for"),
            Field(key: "instructions", label: "Instructions", kind: .text(multiline: true), required: true, hint: "system prompt"),
            Field(key: "model", label: "Model", kind: .text(multiline: false), hint: "anthropic/claude-sonnet-4.6"),
        ], focus: 0)
        form.fill("name", a.name)
        form.fill("description", a.description ?? "")
        form.fill("instructions", a.instructions ?? "")
        form.fill("model", a.model ?? "")
        return form
    }

    static func watch(_ runId: String) -> FormState {
        FormState(purpose: .watch(runId: runId), fields: [
            Field(key: "url", label: "Watcher URL", kind: .text(multiline: false), required: true,
                  hint: "https://hooks.example.com/case-dev (POSTed to when the run ends)"),
        ], focus: 0)
    }

    public func field(_ key: String) -> Field? { fields.first { $0.key == key } }

    public func text(_ key: String) -> String? {
        let v = field(key)?.value.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return v.isEmpty ? nil : v
    }

    static func newRun(agents: [(String, String)], preselect: String?, prompt: String = "", guidance: String? = nil,
                       model: String? = nil) -> FormState {
        let choices = agents.map { Choice(id: $0.0, label: $0.1) }
        let selected = choices.firstIndex { $0.id == preselect } ?? 0
        var form = FormState(purpose: .newRun, fields: [
            Field(key: "agent", label: "Agent", kind: .choice(choices), selected: selected, required: true),
            Field(key: "prompt", label: "Prompt", kind: .text(multiline: true), required: true,
                  hint: "What should the agent do?"),
            Field(key: "guidance", label: "Guidance", kind: .text(multiline: false), hint: "optional context for this run"),
            Field(key: "model", label: "Model", kind: .text(multiline: false), hint: "agent's model"),
            Field(key: "execute", label: "Execute now", kind: .toggle, on: true),
        ], focus: 1)
        form.fill("prompt", prompt)
        form.fill("guidance", guidance ?? "")
        form.fill("model", model ?? "")
        return form
    }

    /// Sets a text field's value with the cursor at its end.
    mutating func fill(_ key: String, _ value: String) {
        guard let i = fields.firstIndex(where: { $0.key == key }) else { return }
        fields[i].value = value
        fields[i].cursor = value.count
    }

    static func newAgent() -> FormState {
        FormState(purpose: .newAgent, fields: [
            Field(key: "name", label: "Name", kind: .text(multiline: false), required: true),
            Field(key: "instructions", label: "Instructions", kind: .text(multiline: true), required: true,
                  hint: "system prompt"),
            Field(key: "model", label: "Model", kind: .text(multiline: false), hint: "anthropic/claude-sonnet-4.6"),
        ], focus: 0)
    }

    static func oneShot() -> FormState {
        FormState(purpose: .oneShot, fields: [
            Field(key: "prompt", label: "Prompt", kind: .text(multiline: true), required: true),
            Field(key: "instructions", label: "Instructions", kind: .text(multiline: false),
                  hint: "a general-purpose legal assistant"),
            Field(key: "model", label: "Model", kind: .text(multiline: false), hint: "anthropic/claude-sonnet-4.6"),
            Field(key: "async", label: "Agent runtime", kind: .toggle, on: false,
                  hint: "run on the agent runtime (asynchronous): the run is followed here"),
        ], focus: 0)
    }

    /// Applies a key; returns true when the key asks to submit.
    mutating func handle(_ key: Key) -> Bool {
        error = nil
        let editing = focus
        var f = fields[editing]
        switch key {
        case .tab:
            focus = (focus + 1) % fields.count
        case .backTab:
            focus = (focus + fields.count - 1) % fields.count
        case .down:
            if !isMultiline(f) { focus = (focus + 1) % fields.count }
        case .up:
            if !isMultiline(f) { focus = (focus + fields.count - 1) % fields.count }
        case .enter:
            return true
        case .altEnter, .ctrl("j"):
            if isMultiline(f) { insert("\n", into: &f) }
        case .backspace:
            if isText(f), f.cursor > 0 {
                let i = f.value.index(f.value.startIndex, offsetBy: f.cursor - 1)
                f.cursor -= 1
                f.value.remove(at: i)
            }
        case .delete:
            if isText(f), f.cursor < f.value.count { f.value.remove(at: f.value.index(f.value.startIndex, offsetBy: f.cursor)) }
        case .ctrl("u"):
            if isText(f) { f.value = ""; f.cursor = 0 }
        case .home, .ctrl("a"):
            if isText(f) { f.cursor = 0 }
        case .end, .ctrl("e"):
            if isText(f) { f.cursor = f.value.count }
        case .left, .right:
            if isText(f) { f.cursor = min(max(0, f.cursor + (key == .left ? -1 : 1)), f.value.count) }
            else { cycle(&f, back: key == .left) }
        case .char(let c):
            if isText(f) { insert(c, into: &f) } else if c == " " { cycle(&f, back: false) }
        default:
            break
        }
        fields[editing] = f
        return false
    }

    private func insert(_ c: Character, into f: inout Field) {
        f.value.insert(c, at: f.value.index(f.value.startIndex, offsetBy: f.cursor))
        f.cursor += 1
    }

    private func cycle(_ f: inout Field, back: Bool) {
        switch f.kind {
        case .toggle: f.on.toggle()
        case .choice(let options) where !options.isEmpty:
            f.selected = (f.selected + (back ? options.count - 1 : 1)) % options.count
        default: break
        }
    }

    private func isText(_ f: Field) -> Bool { if case .text = f.kind { return true } else { return false } }
    private func isMultiline(_ f: Field) -> Bool { f.kind == .text(multiline: true) }

    /// The first problem with the values, or nil.
    func validate() -> String? {
        for f in fields where f.required {
            switch f.kind {
            case .text where f.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
                return "\(f.label) is required"
            case .choice(let options) where options.isEmpty:
                return "no \(f.label.lowercased()) to choose from: create one with 'a' first"
            default: continue
            }
        }
        return nil
    }
}
