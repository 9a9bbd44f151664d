import ArgumentParser

@main
struct CaseDashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casedash",
        abstract: "A terminal dashboard for the case.dev Agent API.",
        subcommands: [EmulatorCommand.self])
}
