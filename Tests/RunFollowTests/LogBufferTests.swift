import CaseDevAPI
import Foundation
@testable import RunFollow
import Testing

@Suite struct LogBufferTests {
    func texts(_ b: LogBuffer) -> [String] { b.lines.map(\.text) }

    @Test func appendsOnlyWhatIsNewAndNoticesRewrites() {
        var b = LogBuffer(stream: "runner")
        #expect(b.update("one\ntwo") == .appended(2))
        #expect(b.update("one\ntwo") == .unchanged)
        #expect(b.update("one\ntwo and more\nthree") == .appended(1))
        #expect(texts(b) == ["one", "two and more", "three"])
        #expect(b.update("something else") == .rewritten)
        #expect(texts(b) == ["something else"])
    }

    @Test func memoryIsBoundedWithACountOfDroppedLines() {
        var b = LogBuffer(stream: "runner", maxLines: 100)
        var text = (0..<250).map { "line \($0)" }.joined(separator: "\n")
        b.update(text)
        #expect(b.lines.count == 100 && b.dropped == 150 && b.lines.first?.text == "line 150")
        text += "\nline 250"
        #expect(b.update(text) == .appended(1))
        #expect(b.lines.count == 100 && b.dropped == 151 && b.lines.last?.text == "line 250")
    }

    @Test func growthOfTensOfMegabytesIsIncremental() {
        // 200k lines (~9 MB) then one more line: the second update must only add one line.
        var text = (0..<200_000).map { "2026-11-18T10:00:00Z [runner] progress \($0)" }.joined(separator: "\n")
        var b = LogBuffer(stream: "runner", maxLines: 10_000)
        b.update(text)
        text += "\nlast line"
        #expect(b.update(text) == .appended(1))
        #expect(b.totalLines == 200_001 && b.lines.count == 10_000)
    }

    /// Lines from the events stream and a later full text agree: nothing twice, nothing lost.
    @Test func eventLinesAndALaterFullTextReconcile() {
        var b = LogBuffer(stream: "runner")
        for line in ["a", "bb", "ccc"] { b.append(line: line) }
        #expect(b.update("a\nbb\nccc\ndddd\ne") == .appended(2))
        #expect(texts(b) == ["a", "bb", "ccc", "dddd", "e"])
        // An older copy changes nothing when rewrites are not allowed (events are ahead of it).
        b.append(line: "f")
        #expect(b.update("a\nbb\nccc", allowRewrite: false) == .unchanged)
        #expect(texts(b) == ["a", "bb", "ccc", "dddd", "e", "f"])
        // A text that fills a trailing newline: the next event line takes the empty last line.
        var c = LogBuffer(stream: "linc")
        c.update("x\n")
        c.append(line: "y")
        #expect(texts(c) == ["x", "y"])
        #expect(c.update("x\ny\nz") == .appended(1))
    }

    @Test func longLinesKeepTheAnchorRight() {
        var b = LogBuffer(stream: "runner")
        let long = String(repeating: "é", count: 300)
        b.append(line: long)
        b.append(line: long + "!")
        #expect(b.update(long + "\n" + long + "!\nnext") == .appended(1))
    }

    @Test func sanitisesAndParsesLeadingTimestamps() {
        var b = LogBuffer(stream: "runner")
        b.update("2026-11-18T10:00:01Z [runner] \u{1B}[32mok\u{1B}[0m\n2026-11-18T10:00:02.250+01:00 later\nno stamp")
        #expect(b.lines[0].text == "2026-11-18T10:00:01Z [runner] ok")
        #expect(b.lines[0].time == ISO8601.parse("2026-11-18T10:00:01Z"))
        #expect(b.lines[0].withoutStamp == "[runner] ok")
        #expect(b.lines[1].time?.timeIntervalSince1970 == ISO8601.parse("2026-11-18T09:00:02.250Z")?.timeIntervalSince1970)
        #expect(b.lines[2].time == nil && b.lines[2].sortTime == b.lines[1].time)
    }
}

@Suite struct MergedLogTests {
    func merged(_ logs: RunLogs) -> [String] { logs.merged.lines.map { "\($0.stream):\($0.text)" } }

    @Test func streamsInterleaveByTimeAndUnstampedLinesFollowTheLineBefore() {
        var logs = RunLogs(maxLines: 100)
        _ = logs.apply(["runner": "2026-11-18T10:00:01Z r1\n2026-11-18T10:00:03Z r3\nr3 continued",
                        "linc": "2026-11-18T10:00:02Z l2\n2026-11-18T10:00:04Z l4"], allowRewrite: true)
        #expect(merged(logs) == ["runner:2026-11-18T10:00:01Z r1", "linc:2026-11-18T10:00:02Z l2",
                                 "runner:2026-11-18T10:00:03Z r3", "runner:r3 continued", "linc:2026-11-18T10:00:04Z l4"])
        // A live line lands in time order.
        _ = logs.append(stream: "runner", line: "2026-11-18T10:00:05Z r5")
        _ = logs.append(stream: "linc", line: "2026-11-18T10:00:04.500Z l4.5")
        #expect(Array(merged(logs).suffix(3)) == ["linc:2026-11-18T10:00:04Z l4", "linc:2026-11-18T10:00:04.500Z l4.5",
                                                  "runner:2026-11-18T10:00:05Z r5"])
    }

    @Test func withoutTimestampsStreamsKeepTheirOwnOrder() {
        var logs = RunLogs(maxLines: 100)
        _ = logs.apply(["runner": "a\nb", "linc": "x\ny"], allowRewrite: true)
        #expect(merged(logs) == ["runner:a", "runner:b", "linc:x", "linc:y"])
        _ = logs.append(stream: "runner", line: "c")
        #expect(merged(logs).last == "runner:c")
    }

    @Test func aRewrittenStreamRebuildsTheMergedView() {
        var logs = RunLogs(maxLines: 100)
        _ = logs.apply(["runner": "2026-11-18T10:00:01Z a", "linc": "2026-11-18T10:00:02Z b"], allowRewrite: true)
        let changes = logs.apply(["runner": "2026-11-18T10:00:03Z something new"], allowRewrite: true)
        #expect(changes.rewritten)
        #expect(merged(logs) == ["linc:2026-11-18T10:00:02Z b", "runner:2026-11-18T10:00:03Z something new"])
    }
}

/// A blank line from the events stream is a line; the empty end of a text after its final
/// newline stands for the next line.
@Suite struct LogBufferBlankLineTests {
    @Test func aBlankEventLineIsKeptAndTheNextLineFollowsIt() {
        var b = LogBuffer(stream: "runner")
        b.append(line: "a")
        b.append(line: "")
        #expect(b.completeLines == 2)
        b.append(line: "b")
        #expect(b.lines.map(\.text) == ["a", "", "b"])
        // The server's text for the same lines extends what was seen: nothing is rebuilt.
        #expect(b.update("a\n\nb\nc") == .appended(1))
        #expect(b.lines.map(\.text) == ["a", "", "b", "c"] && b.rewrites == 0)
    }

    @Test func aTextEndingInANewlineWaitsForItsNextLine() {
        var b = LogBuffer(stream: "runner")
        b.update("a\n")
        #expect(b.completeLines == 1)
        b.append(line: "b")
        #expect(b.lines.map(\.text) == ["a", "b"] && b.completeLines == 2)
        #expect(b.update("a\nb") == .unchanged)
    }
}
