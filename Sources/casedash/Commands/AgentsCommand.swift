import ArgumentParser
import CaseDevAPI
import Foundation

/// `casedash agents list|get|create|update|delete`.
struct AgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents", abstract: "List, show, create, change and delete agents.",
        discussion: ExitStatus.help,
        subcommands: [List.self, Get.self, Create.self, Update.self, Delete.self])

    struct List: ScriptCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every agent.", discussion: ExitStatus.help)
        @OptionGroup var options: APIOptions
        @OptionGroup var format: FormatOptions

        func body(_ ctx: ScriptContext) async throws {
            let agents = try await ctx.client.allAgents()
            switch format.mode {
            case .json: ctx.console.out(try JSONOutput.document(agents))
            case .jsonl: ctx.console.out(try JSONOutput.lines(agents))
            case .human:
                var table = Table(headers: ["ID", "NAME", "MODEL", "DESCRIPTION", "CREATED"], flexible: 3)
                let now = ctx.now()
                table.rows = agents.map { a in
                    [Cell(a.id), Cell(a.name), Cell(a.model ?? ""), Cell(a.description ?? ""), Cell(Human.when(a.createdAt, ctx.console, now: now))]
                }
                ctx.console.out(table.render(ctx.console))
            }
        }
    }

    struct Get: ScriptCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one agent.", discussion: ExitStatus.help)
        @OptionGroup var options: APIOptions
        @OptionGroup var format: FormatOptions
        @Argument(help: "Agent id or name.", completion: Completions.agents) var agent: String

        func body(_ ctx: ScriptContext) async throws {
            let id = try await AgentLookup.load(ctx.client).resolve(agent).id
            try AgentsCommand.show(try await ctx.client.getAgent(id), format, ctx)
        }
    }

    struct Create: ScriptCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create an agent and print its id (never retried).", discussion: ExitStatus.help)
        @OptionGroup var options: APIOptions
        @OptionGroup var format: FormatOptions
        @Option(help: "Name.") var name: String
        @Option(help: "Instructions (the system prompt).") var instructions: String
        @Option(help: "Model.") var model: String?
        @Option(help: "Description.") var description: String?

        func validate() throws {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--name must not be empty") }
            guard !instructions.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--instructions must not be empty") }
        }

        func body(_ ctx: ScriptContext) async throws {
            let agent = try await ctx.client.createAgent(CreateAgentRequest(name: name, instructions: instructions,
                                                                            description: description, model: model))
            try format.printMade(agent, id: agent.id, on: ctx.console)
        }
    }

    struct Update: ScriptCommand {
        static let configuration = CommandConfiguration(
            commandName: "update", abstract: "Change an agent's name, instructions, model or description.", discussion: ExitStatus.help)
        @OptionGroup var options: APIOptions
        @OptionGroup var format: FormatOptions
        @Argument(help: "Agent id or name.", completion: Completions.agents) var agent: String
        @Option(help: "New name.") var name: String?
        @Option(help: "New instructions.") var instructions: String?
        @Option(help: "New model.") var model: String?
        @Option(help: "New description (empty clears it).") var description: String?

        func validate() throws {
            if name == nil, instructions == nil, model == nil, description == nil {
                throw ValidationError("nothing to change: give --name, --instructions, --model or --description")
            }
        }

        func body(_ ctx: ScriptContext) async throws {
            let id = try await AgentLookup.load(ctx.client).resolve(agent).id
            let body = UpdateAgentRequest(name: name, instructions: instructions, model: model,
                                          description: description.map { $0.isEmpty ? .clear : .set($0) })
            try AgentsCommand.show(try await ctx.client.updateAgent(id, body), format, ctx)
        }
    }

    struct Delete: ScriptCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete an agent (asks first; --yes to skip, required when stdin is not a terminal).",
            discussion: ExitStatus.help)
        @OptionGroup var options: APIOptions
        @OptionGroup var format: FormatOptions
        @Argument(help: "Agent id or name.", completion: Completions.agents) var agent: String
        @Flag(name: [.short, .long], help: "Do not ask.") var yes = false

        func body(_ ctx: ScriptContext) async throws {
            let found = try await AgentLookup.load(ctx.client).resolve(agent)
            try Confirmation.require("Delete agent \(UntrustedText.line(found.id)) (\(UntrustedText.line(found.name)))?", yes: yes, ctx.console)
            let answer = try await ctx.client.deleteAgent(found.id)
            struct Deleted: Encodable { let id: String; let ok: Bool }
            switch format.mode {
            case .json: ctx.console.out(try JSONOutput.document(Deleted(id: found.id, ok: answer.ok)))
            case .jsonl: ctx.console.out(try JSONOutput.line(Deleted(id: found.id, ok: answer.ok)))
            case .human: ctx.console.line("deleted \(UntrustedText.line(found.id))")
            }
        }
    }

    static func show(_ a: Agent, _ format: FormatOptions, _ ctx: ScriptContext) throws {
        switch format.mode {
        case .json: ctx.console.out(try JSONOutput.document(a))
        case .jsonl: ctx.console.out(try JSONOutput.line(a))
        case .human:
            var f = Fields()
            f.add("ID", a.id)
            f.add("Name", a.name)
            f.add("Model", a.model)
            f.add("Description", a.description)
            f.add("Instructions", a.instructions)
            f.add("Enabled tools", a.enabledTools?.joined(separator: ", "))
            f.add("Disabled tools", a.disabledTools?.joined(separator: ", "))
            f.add("Vaults", a.vaultIds?.joined(separator: ", "))
            f.add("Active", a.isActive.map { $0 ? "yes" : "no" })
            f.add("Created", a.createdAt.map { ISO8601.format($0) })
            f.add("Updated", a.updatedAt.map { ISO8601.format($0) })
            ctx.console.out(f.render(ctx.console))
        }
    }
}
