import ArgumentParser
import DashCore
import DashSettings
import Foundation
import Glibc

/// `casedash validate-toml PATH...`, hidden: the child process of `TOMLPreflight`. Parses each
/// file as the dashboard would and prints `ok` once it is through, so the parent learns which
/// file a crash happened on. Whether the TOML is valid does not matter here (the dashboard
/// reports that); only whether the parser returns.
struct ValidateTOMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate-toml", abstract: "Check that TOML files can be parsed without crashing.",
        shouldDisplay: false)

    @Argument var paths: [String]

    func run() throws {
        // An abort here is an expected outcome, not something to keep a core file of.
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
        for path in paths {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                _ = ThemeLoader.parse(text: text, path: path)
                _ = ConfigFile.parse(text, path: path)
            }
            FileHandle.standardOutput.write(Data("ok\n".utf8))
        }
    }
}
