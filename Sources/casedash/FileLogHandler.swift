import CaseDevAPI
import Foundation
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

    static func open(path: String) throws -> Sink {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle.seekToEndOfFile()
        return Sink(handle: handle)
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
