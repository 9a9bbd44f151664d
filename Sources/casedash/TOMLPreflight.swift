import Dispatch
import Foundation

/// Tries settings and theme files in a child process before this process parses them.
///
/// TOMLKit wraps toml++, whose parser asserts on some malformed input (`[[[` is one): the whole
/// process aborts, with no error to catch, and a broken theme or settings file would stop casedash
/// from starting. A parser cannot be guarded from inside the process it crashes, and no other TOML
/// parser is available here, so each file is first parsed by `casedash validate-toml` in a child;
/// a file the child does not survive is reported by path like any other problem and skipped.
/// The child parses exactly as the dashboard will (`ThemeLoader.parse`, `ConfigFile.parse`).
///
/// Cost: one child for all the files given (a few ms; see README), and only for files that exist.
enum TOMLPreflight {
    /// Longer than any real file takes; a parser stuck in a loop must not hang the start.
    static let timeout: DispatchTimeInterval = .seconds(5)

    /// A problem for each path the parser must not be given in this process; paths that parse
    /// (or fail to parse with an ordinary error, which the loaders report) are absent.
    static func problems(paths: [String]) -> [String: String] {
        var remaining = paths.filter { FileManager.default.fileExists(atPath: $0) }
        var problems: [String: String] = [:]
        while !remaining.isEmpty {
            let (survived, failure) = runChild(remaining)
            guard let failure else { break }
            // The child reports each file it got through; the next one is the culprit.
            let culprit = min(survived, remaining.count - 1)
            problems[remaining[culprit]] = "\(remaining[culprit]): this file cannot be parsed safely: \(failure); it was skipped"
            remaining.removeFirst(culprit + 1)
        }
        return problems
    }

    /// How many files the child got through, and why it stopped early (nil: it did not).
    private static func runChild(_ paths: [String]) -> (Int, String?) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["validate-toml"] + paths
        var env = ProcessInfo.processInfo.environment
        // The runtime's crash reporter would spend seconds symbolicating the child's abort.
        env["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = env
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch {
            // Without a child there is no safe way to parse: say so rather than risk the abort.
            return (0, "cannot start \(executable) to check it (\(error.localizedDescription))")
        }
        var stopped: String?
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            done.wait()
            stopped = "the TOML parser did not finish within 5 seconds"
        }
        let survived = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").filter { $0 == "ok" }.count
        // Every file got through; whatever happened afterwards is not a file's doing.
        if survived >= paths.count { return (survived, nil) }
        if stopped == nil {
            if process.terminationReason == .uncaughtSignal {
                stopped = "the TOML parser crashed on it (signal \(process.terminationStatus))"
            } else {
                stopped = "the TOML parser failed on it (exit status \(process.terminationStatus))"
            }
        }
        return (survived, stopped)
    }

    private static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
    }
}
