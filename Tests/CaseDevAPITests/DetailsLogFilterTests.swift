@testable import CaseDevAPI
import Foundation
import Testing

/// The details answer is read with its logs taken out on the way: whatever the chunking, the
/// rest decodes to the same details and the kept logs are exactly the asked-for part.
@Suite struct DetailsLogFilterTests {
    /// Escapes of every kind, a surrogate pair, a lone surrogate, "logs" keys elsewhere (which
    /// stay), a non-string stream (dropped) and a stream that is an empty string.
    static let body = #"""
    {"id":"run_1","agentId":"agent_1","status":"running","prompt":"say \"logs\": {x}",
     "steps":[{"id":"s1","type":"tool_call","toolInput":{"logs":{"runner":"not these"}},"toolOutput":"{\"logs\":1}"}],
     "result":{"output":"out","logs" : {"runner":"a\nb \"q\" \\ \/ \t\u00e9\ud83d\ude00 end\nc","linc":"x\r\ny\u2028z!",
       "odd":{"nested":["}",{"a":"\""}]},"num":12,"empty":""},"error":null},
     "usage":{"inputTokens":5,"outputTokens":7},"createdAt":"2026-11-18T10:00:00Z"}
    """#

    static let texts: [String: String] = [
        "runner": "a\nb \"q\" \\ / \t\u{e9}\u{1F600} end\nc",
        "linc": "x\r\ny\u{2028}z!",
        "empty": "",
    ]

    func read(_ wanted: LogsWanted, chunk: Int? = nil, body: String = Self.body) -> (RunDetails, [String: LogText]) {
        var filter = DetailsLogFilter(wanted)
        let bytes = Array(body.utf8)
        let size = chunk ?? bytes.count
        var i = 0
        while i < bytes.count {
            let piece = Array(bytes[i..<min(bytes.count, i + size)])
            piece.withUnsafeBufferPointer { filter.feed($0) }
            i += size
        }
        let (rest, logs) = filter.finish()
        let details = (try? JSONDecoder.caseDev.decodeLeniently(RunDetails.self, from: rest))
            ?? RunDetails(id: "unreadable", agentId: "", status: .queued, prompt: "")
        return (details, logs)
    }

    @Test func theRestDecodesToTheSameDetailsAndTheLogsUnescapeAsTheDecoderWould() throws {
        let whole = try JSONDecoder.caseDev.decode(RunDetails.self, from: Data(Self.body.utf8))
        #expect(whole.result?.logs?["runner"] == Self.texts["runner"])  // the fixture says what it means
        var expected = whole
        expected.result?.logs = nil
        for chunk in [1, 2, 3, 7, 64, 100_000] {
            let (details, logs) = read(.whole, chunk: chunk)
            #expect(details == expected, "chunk \(chunk)")
            #expect(logs.mapValues { String(decoding: $0.bytes, as: UTF8.self) } == Self.texts, "chunk \(chunk)")
            #expect(logs.values.allSatisfy { $0.start == 0 && $0.linesBefore == 0 && $0.lineAligned })
        }
        #expect(read(.whole).0.steps.first?.toolInput?["logs"]?["runner"]?.stringValue == "not these")
    }

    @Test func aStreamIsKeptFromTheOffsetAskedForWithTheLinesBeforeCounted() {
        let runner = Array(Self.texts["runner"]!.utf8)
        for from in [0, 1, 2, 5, runner.count - 1, runner.count, runner.count + 10] {
            for chunk in [1, 5, 1000] {
                let (_, logs) = read(LogsWanted(from: ["runner": from]), chunk: chunk)
                let text = logs["runner"]!
                let kept = Array(runner[min(from, runner.count)...])
                #expect(text.bytes == kept && text.start == min(from, runner.count), "from \(from) chunk \(chunk)")
                #expect(text.linesBefore == runner[..<min(from, runner.count)].filter { $0 == 0x0A }.count)
                #expect(text.lineAligned == (from == 0 || (from <= runner.count && runner[from - 1] == 0x0A)))
            }
        }
    }

    @Test func aStreamReadFromItsStartKeepsOnlyItsLastLines() {
        let lines = (1...5000).map { "line \($0) " + String(repeating: "x", count: $0 % 50) }
        let body = #"{"id":"r","agentId":"a","status":"completed","prompt":"","result":{"logs":{"runner":"\#(lines.joined(separator: "\\n"))"}}}"#
        for chunk in [13, 4096] {
            let (details, logs) = read(LogsWanted(lastLines: 100), chunk: chunk, body: body)
            #expect(details.id == "r" && details.status == .completed)
            let text = logs["runner"]!
            #expect(String(decoding: text.bytes, as: UTF8.self) == lines.suffix(100).joined(separator: "\n"))
            #expect(text.linesBefore == 4900 && text.lineAligned)
            #expect(text.end == lines.joined(separator: "\n").utf8.count)
        }
    }

    @Test func aLoneSurrogateBecomesAReplacementCharacter() {
        let body = #"{"id":"r","agentId":"a","status":"queued","prompt":"p","result":{"logs":{"runner":"a\ud800!\udc00b\ud83d"}}}"#
        for chunk in [1, 100] {
            let (_, logs) = read(.whole, chunk: chunk, body: body)
            #expect(logs["runner"].map { String(decoding: $0.bytes, as: UTF8.self) } == "a\u{FFFD}!\u{FFFD}b\u{FFFD}")
        }
    }

    @Test func logsNotWantedAreSkippedAndTheRestStillDecodes() {
        let (details, _) = read(.none, chunk: 3)
        #expect(details.id == "run_1" && details.result?.output == "out" && details.result?.logs == nil)
        #expect(details.usage?.outputTokens == 7 && details.steps.count == 1)
    }

    @Test func anAnswerWithoutLogsOrWithNullLogsReadsAsIs() {
        for body in [#"{"id":"r","agentId":"a","status":"queued","prompt":"p","result":{"logs":null}}"#,
                     #"{"id":"r","agentId":"a","status":"queued","prompt":"p","result":null}"#,
                     #"{"id":"r","agentId":"a","status":"queued","prompt":"p"}"#] {
            let (details, logs) = read(.whole, chunk: 2, body: body)
            #expect(details.id == "r" && logs.isEmpty)
        }
    }
}
