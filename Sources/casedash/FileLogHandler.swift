import CaseDevAPI
import Foundation
import Glibc
import Logging

/// swift-log handler that appends to a file: the screen belongs to curses, so logs never go
/// to stdout or stderr while the dashboard runs. Messages carry server text and the file is
/// read with `tail -f` in a terminal, so every record is sanitised and kept to one line.
struct FileLogHandler: LogHandler {
    final class Sink: @unchecked Sendable {
        let handle: FileHandle
        let lock = NSLock()
        init(handle: FileHandle) { self.handle = handle }
        func write(_ line: String) { lock.withLock { handle.write(Data(line.utf8)) } }
    }

    let label: String
    let sink: Sink
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    /// Opens for appending, creating the file if needed. The error names the real reason:
    /// Foundation's FileHandle reports every failure as "You don't have permission".
    static func open(path: String) throws -> Sink {
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OpenError(path: path, code: errno) }
        return Sink(handle: FileHandle(fileDescriptor: fd, closeOnDealloc: true))
    }

    struct OpenError: Error, CustomStringConvertible {
        var path: String
        var code: Int32
        var description: String {
            code == EISDIR ? "--log-file \(path) is a directory" : "--log-file \(path): \(String(cString: strerror(code)))"
        }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let stamp = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        sink.write("\(stamp) \(event.level) \(Self.oneLine(label)): \(Self.oneLine(event.message.description))\n")
    }

    /// A visible mark where a line broke, so a multi-line message stays one record.
    static func oneLine(_ text: String) -> String {
        UntrustedText.lines(text).joined(separator: " ⏎ ")
    }
}
