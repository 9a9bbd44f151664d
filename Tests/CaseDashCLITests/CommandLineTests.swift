import Foundation
import Testing

/// The built `casedash` binary, run as a user would run it: start-up errors are only visible
/// from outside the process (exit status, stderr), and a TOML file that aborts the parser can
/// only be survived from outside it.
struct Binary {
    /// `swift test` builds every product into the directory that holds the test runner.
    static let url: URL = {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: runner).deletingLastPathComponent()
        // The runner may sit inside a `.xctest` bundle directory.
        while dir.path != "/" && !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("casedash").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("casedash")
    }()

    struct Result { var status: Int32; var signalled: Bool; var stdout: String; var stderr: String }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["CASEDEV_API_KEY"] = nil
        env["SWIFT_BACKTRACE"] = "enable=no"
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casedash-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

@Suite struct IntervalOption {
    @Test(arguments: [["--interval", "-1"], ["--interval=-1"], ["--interval", "-0.2"]])
    func negativeIntervalIsOutOfRangeNotMissing(arguments: [String]) throws {
        let r = try Binary.run(arguments + ["--demo"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--interval must be between 0.5 and 300 seconds"), "\(r.stderr)")
        #expect(!r.stderr.contains("Missing value"))
    }
}

@Suite struct DemoSpeedOption {
    @Test func negativeSpeedIsRefusedByValueNotMissing() throws {
        let r = try Binary.run(["--demo", "--demo-speed", "-2"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--demo-speed must be positive"), "\(r.stderr)")
    }
}

@Suite struct LogFileOption {
    @Test func aDirectoryIsNamedAsSuch() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Binary.run(["--demo", "--log-file", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--log-file \(dir.path) is a directory"), "\(r.stderr)")
        #expect(!r.stderr.contains("permission"))
    }

    @Test func otherFailuresGiveTheSystemsReason() throws {
        let r = try Binary.run(["--demo", "--log-file", "/nonexistent-dir-for-casedash/x.log"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--log-file /nonexistent-dir-for-casedash/x.log: No such file or directory"), "\(r.stderr)")
    }
}

@Suite struct TOMLValidation {
    /// toml++ asserts (SIGABRT) on this input instead of reporting an error.
    static let aborting = "[[[\n"

    @Test func validateTOMLFailsCleanlyOnAFileThatAbortsTheParser() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.toml"), bad = dir.appendingPathComponent("bad.toml")
        try "name = \"x\"\n".write(to: good, atomically: true, encoding: .utf8)
        try Self.aborting.write(to: bad, atomically: true, encoding: .utf8)
        let ok = try Binary.run(["validate-toml", good.path])
        #expect(ok.status == 0 && !ok.signalled, "\(ok.stderr)")
        let r = try Binary.run(["validate-toml", bad.path])
        #expect(r.status != 0 || r.signalled)
    }

    @Test func snapshotSkipsAnAbortingThemeAndSettingsFileAndNamesThem() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let themes = dir.appendingPathComponent("casedash/themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try Self.aborting.write(to: themes.appendingPathComponent("broken.toml"), atomically: true, encoding: .utf8)
        try "name = \"ok\"\nextends = \"light\"\n".write(to: themes.appendingPathComponent("ok.toml"), atomically: true, encoding: .utf8)
        try Self.aborting.write(to: dir.appendingPathComponent("casedash/config.toml"), atomically: true, encoding: .utf8)
        let r = try Binary.run(["snapshot", "--demo", "--width", "100", "--height", "30"],
                               environment: ["XDG_CONFIG_HOME": dir.path])
        #expect(r.status == 0 && !r.signalled, "\(r.stderr)")
        #expect(r.stdout.contains("DEMO"))
        #expect(r.stderr.contains("\(themes.path)/broken.toml: this file cannot be parsed safely"), "\(r.stderr)")
        #expect(r.stderr.contains("\(dir.path)/casedash/config.toml: this file cannot be parsed safely"), "\(r.stderr)")
    }

    @Test func validateTOMLIsNotInTheHelp() throws {
        let r = try Binary.run(["--help"])
        #expect(!r.stdout.contains("validate-toml"))
    }
}
