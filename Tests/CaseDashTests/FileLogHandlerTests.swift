@testable import casedash
import Foundation
import Logging
import Testing

/// `tail -f` replays the log file into a terminal, so nothing the server sent may reach it raw.
@Suite struct FileLogHandlerTests {
    /// The bytes one logger wrote to a fresh file.
    func logged(label: String = "casedash", _ write: (Logger) -> Void) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("casedash-log-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try FileLogHandler.open(path: path)
        write(Logger(label: label) { FileLogHandler(label: $0, sink: sink) })
        return Array(FileManager.default.contents(atPath: path) ?? Data())
    }

    @Test func escapesControlsAndBidiFromTheServerNeverReachTheFile() throws {
        let hostile = "osc52 \u{1B}]52;c;ZXZpbA==\u{07} c1 \u{9B}31mred nul \u{0} bel \u{07} "
            + "bidi \u{202E}txet c1osc \u{9D}0;title\u{9C} first\nsecond\r\nthird"
        let bytes = try logged(label: "lab\u{1B}[2Jel") { $0.error("request failed: \(hostile)") }
        let text = String(decoding: bytes, as: UTF8.self)
        // One record: the only control byte is the newline that ends it.
        #expect(bytes.last == 0x0A)
        #expect(bytes.dropLast().allSatisfy { $0 >= 0x20 && $0 != 0x7F })
        #expect(!text.unicodeScalars.contains { (0x80..<0xA0).contains($0.value) || $0.value == 0x202E })
        #expect(!text.contains("52;c;") && !text.contains("title") && !text.contains("[2J"))
        #expect(text.contains("red") && text.contains("first") && text.contains("second") && text.contains("third"))
        #expect(text.contains("label: request failed"))
    }

    @Test func everyRecordIsOneLine() throws {
        let bytes = try logged { logger in
            logger.info("one\ntwo")
            logger.warning("three\rfour")
        }
        let records = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(records.count == 2)
        #expect(records.first?.hasSuffix("one ⏎ two") == true && records.last?.hasSuffix("three ⏎ four") == true)
    }
}

@Suite struct FileLogRedactionTests {
    @Test func keysNeverReachTheLogFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("casedash-key-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try FileLogHandler.open(path: path)
        let logger = Logger(label: "casedash") { FileLogHandler(label: $0, sink: sink) }
        logger.error("HTTP 400: echo Authorization: Bearer sk_case_LogSecret_42")
        let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        #expect(text.contains("Authorization: Bearer sk_case_") && !text.contains("LogSecret_42"))
    }
}
