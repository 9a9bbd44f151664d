@testable import CaseDevAPI
@testable import CaseDevEmulator
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A run-list page decoded element by element, reusing what earlier pages decoded, must be the
/// page the whole-body decode gives, for every body: same value, or both throw.
@Suite struct RunPageDecoderTests {
    static func whole(_ body: Data) -> RunPage? { try? JSONDecoder.caseDev.decodeLeniently(RunPage.self, from: body) }

    /// Checks one body with a fresh decoder, then again with one that has seen it (every element
    /// reused) and with `shared`, which has seen the bodies before it. Returns whether the fresh
    /// decoder split the page (false: it decoded the body whole).
    @discardableResult
    static func expectSame(_ body: Data, shared: RunPageDecoder? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let expected = whole(body)
        let fresh = RunPageDecoder()
        let decoders = [fresh, fresh] + (shared.map { [$0] } ?? [])
        for decoder in decoders {
            let got = try? decoder.decode(body)
            #expect(got == expected, "\(String(decoding: body, as: UTF8.self).prefix(300))", sourceLocation: sourceLocation)
        }
        return fresh.decodedByLastCall != nil
    }

    static func expectSame(_ text: String, shared: RunPageDecoder? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        expectSame(Data(text.utf8), shared: shared, sourceLocation: sourceLocation)
    }

    static let t0 = Date(timeIntervalSince1970: 1_772_000_000.125)

    static func run(_ i: Int, prompt: String = "Review the MSA", status: RunStatus = .running) -> RunSummary {
        RunSummary(id: "run_\(i)", agentId: "agent_\(i % 3)", status: status, prompt: prompt, model: i % 2 == 0 ? "anthropic/claude-sonnet-4.6" : nil,
                   createdAt: t0.addingTimeInterval(Double(-i)), startedAt: i % 4 == 0 ? nil : t0.addingTimeInterval(Double(1 - i)),
                   completedAt: status.isTerminal ? t0 : nil)
    }

    static let awkwardPrompts = [
        #"say "hi" and \"bye\""#, #"C:\path\to\file \\ and a trailing backslash \"#, "brackets ] [ } { ], \"runs\":[1,2]}",
        "契約レビュー — naïve café 😀 \u{1F1EF}\u{1F1F5}", "lines\nand\ttabs\r\u{01}\u{1F} controls", "/slashes/ and </script>",
        "", String(repeating: "long ", count: 60),
    ]

    static func page(_ runs: [RunSummary], hasMore: Bool = true, cursor: String? = "run_9", _ encoder: JSONEncoder = sorted) -> Data {
        try! encoder.encode(RunPage(runs: runs, hasMore: hasMore, nextCursor: cursor))
    }

    /// JSONEncoder on Linux writes an object's keys in a different order from one call to the
    /// next; a server writes the same run the same way, which is what reuse needs.
    static var sorted: JSONEncoder {
        let e = JSONEncoder.caseDev
        e.outputFormatting.insert(.sortedKeys)
        return e
    }

    static func encoders() -> [JSONEncoder] {
        let pretty = JSONEncoder.caseDev
        pretty.outputFormatting = [.prettyPrinted, .sortedKeys]
        let plain = JSONEncoder()  // escapes slashes, dates as numbers: wrong-typed for the decoder
        return [.caseDev, sorted, pretty, plain]
    }

    /// Hand-written pages: wrong types, non-runs in the array, keys around `runs`, nesting, whitespace.
    static let handWritten = [
        #"{"runs":[],"hasMore":false}"#,
        " \n\t{ \"runs\" : [ ] , \"hasMore\" : true , \"nextCursor\" : \"c\" } \r\n",
        #"{"hasMore":true,"runs":[{"id":"run_1","agentId":"a","status":"running","prompt":"p"}],"nextCursor":"run_1"}"#,
        #"{"before":{"runs":[1,2,{"runs":[]}]},"note":"\"runs\":[]","runs":[{"id":"r"}],"after":[["runs"]],"hasMore":"true","nextCursor":42}"#,
        #"{"runs":[5,"x",null,true,false,[],{},[{"id":"nested"}],-1.5e3,{"id":"r1"},0]}"#,
        #"{"runs":[{"id":7,"agentId":null,"status":5,"prompt":["p"],"model":{"x":1},"createdAt":12,"startedAt":"not a date","completedAt":null}]}"#,
        #"{"runs":[{"id":"r","extra":{"a":[{"b":"]}"},{"c":"[{\"\\"}],"d":{}},"prompt":"x"}],"hasMore":false,"nextCursor":null}"#,
        #"{"runs":[{"id":"r\u00e9\ud83d\ude00","prompt":"\u005b\u007d \/ \b\f\n\r\t \"q\" \\","status":"comp\u006Ceted"}]}"#,
        #"{"runs":[{"id":"lone","prompt":"\ud800 alone","junk":"\uDFFF"}]}"#,
        #"{"runs":[{"id":"nums","junk":1.2.3,"more":-,"e":1e,"z":01,"big":1e999,"neg":-0}]}"#,
        "{\"runs\":[\n  {\n\t\"id\" :\r\n \"r\" ,\"createdAt\":\"2026-03-01T12:00:00Z\" }\n ,\n{ } \n] ,\n\"hasMore\":\nfalse\n}",
        #"{"runs":[{"id":"dup","id":"second","status":"queued","status":"running"}],"hasMore":true,"hasMore":false}"#,
        #"{"runs":[{"id":"a"},{"id":"a"},{"id":"a"}]}"#,
        #"{"runs":[{"":"","id":"empty key"}],"":1}"#,
        #"{"runs":[{"createdAt":"2026-03-01T12:00:00.123456789+05:30","startedAt":"2026-02-30T00:00:00Z","completedAt":"2026-03-01T12:00:00.5-00:00"}]}"#,
    ]

    /// Bodies the whole-body decode rejects, or that the scanner leaves to it on purpose.
    static let unusual: [String] = [
        "", " ", "null", "[]", #"[{"runs":[]}]"#, #""runs""#, "5", "{}", #"{"hasMore":true}"#,
        #"{"runs":null}"#, #"{"runs":{}}"#, #"{"runs":"[]"}"#, #"{"runs":5}"#, #"{"runs":true}"#,
        #"{"runs":[]}x"#, #"{"runs":[]}{}"#, #"{"runs":[]},"#, #"{"runs":[]}]"#, #"{"runs":[],}"#, #"{,"runs":[]}"#,
        #"{"runs":[{},]}"#, #"{"runs":[,{}]}"#, #"{"runs":[{} {}]}"#, #"{"runs":[{}],[]}"#, #"{"runs" []}"#, #"{"runs":[}"#,
        #"{"runs":[tru]}"#, #"{"runs":[{"id":tru}]}"#, #"{"runs":[{"id":nul}]}"#, #"{"runs":[{"id":}]}"#, #"{"runs":[{"id" "x"}]}"#,
        #"{"runs":[{"id":"a",}]}"#, #"{"runs":[{"id":"a"]}]}"#, #"{"runs":[{"id":"a}]}"#, #"{"runs":[x]}"#, #"{"runs":[+1]}"#,
        #"{"runs":[{"id":"a","x":'b'}]}"#, #"{"runs":[{id:"a"}]}"#, #"{"runs":[{"id":"\x"}]}"#, #"{"runs":[{"id":"\u12"}]}"#,
        #"{"runs":[{"id":"\uabc\"}]}"#, #"{"runs":[{"a":"\uabc\","id":"b"}]}"#, #"{"junk":"\uabc\","runs":[{"id":"x"}]}"#,
        #"{"runs":[{"id":"a"}],"runs":[{"id":"b"}]}"#, #"{"runs":[{"id":"a"}],"runs":5}"#, #"{"runs":5,"runs":[{"id":"b"}]}"#,
        #"{"run\u0073":[{"id":"escaped key"}]}"#, #"{"runs":[{"id":"a"}],"run\u0073":[{"id":"b"}]}"#,
        #"{"run\u0073":[{"id":"b"}],"runs":[{"id":"a"}]}"#, #"{"rüns":[],"runs":[{"id":"a"}]}"#, #"{"runs":[],"\"":1}"#,
        "{\"runs\":[{\"id\":\"raw\ttab\"}]}", "{\"runs\":[{\"id\":\"raw\u{0}nul\"}]}", "{\"runs\":[{\"id\":\"a\"}]\u{0C}}",
        "{\"runs\":[{\"id\":\"a\"}\u{0B}]}", "{\"runs\":[{\"id\":\"a\"}]}\u{0}", "\u{FEFF}{\"runs\":[{\"id\":\"bom\"}]}",
        nested("[", 600, "]", inRuns: false), nested("[", 510, "]"), nested("[", 511, "]"), nested(#"{"a":"#, 70, "}"),
    ]

    /// `open` `count` times, a value, `close` as often: the last one in a page, after a run.
    static func nested(_ open: String, _ count: Int, _ close: String, inRuns: Bool = true) -> String {
        let value = String(repeating: open, count: count) + (open == "[" ? "" : "1") + String(repeating: close, count: count)
        return inRuns ? #"{"runs":["# + value + #",{"id":"deep"}]}"# : value
    }

    @Test func realisticPagesSplitAndMatchTheWholeBodyDecode() {
        let shared = RunPageDecoder()
        for encoder in Self.encoders() {
            for count in [0, 1, 2, 17, 100] {
                let runs = (0..<count).map { i in
                    Self.run(i, prompt: Self.awkwardPrompts[i % Self.awkwardPrompts.count], status: [.queued, .running, .completed, .other("paused")][i % 4])
                }
                #expect(Self.expectSame(Self.page(runs, hasMore: count % 2 == 0, cursor: count == 0 ? nil : "c\(count)", encoder), shared: shared))
            }
        }
        for text in Self.handWritten { #expect(Self.expectSame(text, shared: shared), "\(text)") }
    }

    @Test func unusualAndInvalidBodiesAgreeWithTheWholeBodyDecode() {
        let shared = RunPageDecoder()
        for text in Self.unusual { _ = Self.expectSame(text, shared: shared) }
        // The deep element (70 levels) is valid JSON and split pages go no deeper than 64.
        #expect(Self.whole(Data(Self.unusual.last!.utf8))?.runs.map(\.id) == ["", "deep"])
        #expect(!Self.expectSame(Self.unusual.last!))
        // Accepted by the whole-body decode; left to it rather than split.
        for text in [#"{"run\u0073":[{"id":"escaped key"}]}"#, #"{"runs":[{"id":"a"}],"runs":[{"id":"b"}]}"#,
                     "{\"runs\":[{\"id\":\"raw\ttab\"}]}", "\u{FEFF}{\"runs\":[{\"id\":\"bom\"}]}"] {
            #expect(Self.whole(Data(text.utf8)) != nil, "\(text)")
            #expect(!Self.expectSame(text), "\(text)")
        }
        let utf16 = Data("{\"runs\":[{\"id\":\"utf16\"}]}".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(Self.whole(utf16)?.runs.map(\.id) == ["utf16"])
        #expect(!Self.expectSame(utf16, shared: shared))
    }

    @Test func everyTruncationOfAPageAgrees() {
        let shared = RunPageDecoder()
        let bodies = [Self.page([Self.run(1, prompt: #"a "quoted" \ [x] {y}"#), Self.run(2, status: .completed)]),
                      Data(Self.handWritten[4].utf8), Data(Self.handWritten[10].utf8)]
        for body in bodies {
            for cut in 0...body.count { Self.expectSame(body.prefix(cut), shared: shared) }
            for cut in 0..<body.count { Self.expectSame(body.prefix(cut) + Data("]}".utf8), shared: shared) }
        }
    }

    @Test func invalidUTF8IsRepairedAsTheWholeBodyDecodeDoes() {
        let body = Data(InvalidUTF8Tests.runs)
        #expect(Self.expectSame(body))
        #expect(Self.whole(body)?.runs.first?.prompt.contains("\u{FFFD}") == true)
        Self.expectSame(Data([0xFF, 0xFE, 0x00, 0x7B]))
    }

    /// Random damage to valid pages: a byte removed, doubled, replaced or inserted.
    @Test func damagedPagesAgree() {
        var rng = SeededRandom(seed: 42)  // the same damage on every run
        let shared = RunPageDecoder()
        let bases = [Self.page((0..<4).map { Self.run($0, prompt: Self.awkwardPrompts[$0 + 1]) }, Self.encoders()[1])] + Self.handWritten.prefix(12).map { Data($0.utf8) }
        let significant = Array(#"{}[]",:\ u0e-.tn"#.utf8) + [0x0A, 0x00, 0xC3, 0xFF]
        var split = 0
        for iteration in 0..<3_000 {
            var body = [UInt8](bases[iteration % bases.count])
            for _ in 0...Int(rng.next() % 2) {
                let at = Int(rng.next() % UInt64(body.count))
                let byte = significant[Int(rng.next() % UInt64(significant.count))]
                switch rng.next() % 4 {
                case 0: body.remove(at: at)
                case 1: body.insert(body[at], at: at)
                case 2: body[at] = byte
                default: body.insert(byte, at: at)
                }
            }
            if Self.expectSame(Data(body), shared: shared) { split += 1 }
        }
        #expect(split > 300)  // enough damage lands where the page still splits
    }

    @Test func onlyElementsNotSeenBeforeAreDecoded() throws {
        let decoder = RunPageDecoder()
        var runs = (0..<100).map { Self.run($0, prompt: Self.awkwardPrompts[$0 % Self.awkwardPrompts.count]) }
        let first = Self.page(runs)
        #expect(try decoder.decode(first) == Self.whole(first))
        #expect(decoder.decodedByLastCall == 100)
        #expect(try decoder.decode(first) == Self.whole(first))
        #expect(decoder.decodedByLastCall == 0)

        runs[37].status = .completed
        runs[37].completedAt = Self.t0.addingTimeInterval(5)
        let changed = Self.page(runs, hasMore: false, cursor: nil)
        let page = try decoder.decode(changed)
        #expect(decoder.decodedByLastCall == 1)
        #expect(page == Self.whole(changed) && page.runs == runs && !page.hasMore && page.nextCursor == nil)

        // A new run on top, the oldest gone: one decoded, the rest reused in their new places.
        let shifted = Self.page([Self.run(100)] + runs.dropLast())
        #expect(try decoder.decode(shifted).runs == [Self.run(100)] + runs.dropLast())
        #expect(decoder.decodedByLastCall == 1)
        // The page before still decodes from memory.
        #expect(try decoder.decode(first) == Self.whole(first))
        #expect(decoder.decodedByLastCall == 0)
    }

    @Test func repeatedElementsAndNonRunsAreRememberedToo() throws {
        let decoder = RunPageDecoder()
        let body = Data(#"{"runs":[{"id":"a"},5,{"id":"a"},null,5,{"id":"b"}],"hasMore":true}"#.utf8)
        #expect(try decoder.decode(body).runs.map(\.id) == ["a", "a", "b"])
        #expect(decoder.decodedByLastCall == 6)
        #expect(try decoder.decode(body) == Self.whole(body))
        #expect(decoder.decodedByLastCall == 0)
    }

    @Test func memoryIsBoundedToTheLastPageOnceFull() throws {
        let decoder = RunPageDecoder()
        let pages = (0..<25).map { p in Self.page((0..<100).map { Self.run(p * 100 + $0) }) }
        for page in pages {
            #expect(try decoder.decode(page) == Self.whole(page))
            #expect(decoder.decodedByLastCall == 100)
        }
        // 2,000 entries after page 20; page 21 went past it and only it was kept, then pages 22–25.
        _ = try decoder.decode(pages[24])
        #expect(decoder.decodedByLastCall == 0)
        _ = try decoder.decode(pages[20])
        #expect(decoder.decodedByLastCall == 0)
        _ = try decoder.decode(pages[19])
        #expect(decoder.decodedByLastCall == 100)
    }

    @Test func anElementThatIsNotJSONFailsThePageAndIsNotRemembered() throws {
        let decoder = RunPageDecoder()
        let good = Data(#"{"runs":[{"id":"a"},{"id":"b"}]}"#.utf8)
        _ = try decoder.decode(good)
        let bad = Data(#"{"runs":[{"id":"a"},{"id":"c"},{"id":tru}]}"#.utf8)
        #expect(throws: (any Error).self) { try decoder.decode(bad) }
        #expect(decoder.decodedByLastCall == nil)
        let next = Data(#"{"runs":[{"id":"c"},{"id":"b"}]}"#.utf8)
        #expect(try decoder.decode(next).runs.map(\.id) == ["c", "b"])
        #expect(decoder.decodedByLastCall == 1)
    }

    @Test func scannerFindsTheRunsArrayAndItsElements() throws {
        let text = #" { "a" : "]\"runs\"" , "runs" : [ 1 , {"x":"}"} ,"\\" ] , "b":[] } "#
        let layout = try #require(Data(text.utf8).withUnsafeBytes(PageLayout.scan))
        let bytes = Array(text.utf8)
        func part(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
        #expect(part(layout.runs) == #"[ 1 , {"x":"}"} ,"\\" ]"#)
        #expect(layout.elements.map(part) == ["1", #"{"x":"}"}"#, #""\\""#])
    }

    // MARK: Through the client

    @Test func listRunsThroughTheClientAgainstTheEmulator() async throws {
        let h = try await Harness.start()
        defer { Task { await h.emulator.stop() } }
        let agent = try await h.agent()
        var created: [RunCreated] = []
        for prompt in Self.awkwardPrompts.prefix(6) {
            created.append(try await h.client.createRun(CreateRunRequest(agentId: agent.id, prompt: prompt)))
        }
        let first = try await h.client.listRuns(limit: 100)
        let second = try await h.client.listRuns(limit: 100)
        #expect(first == second)
        #expect(first.runs.map(\.id) == created.reversed().map(\.id))
        #expect(first.runs.map(\.prompt) == Self.awkwardPrompts.prefix(6).reversed().map { String($0.prefix(200)) })
        #expect(first.runs.allSatisfy { $0.agentId == agent.id && $0.status == .queued && $0.createdAt != nil })

        // The same answer read raw and decoded whole.
        var request = URLRequest(url: h.client.configuration.baseURL.appendingPathComponent("agent/v1/run"))
        request.setValue("Bearer sk_case_test", forHTTPHeaderField: "Authorization")
        let (raw, _) = try await URLSession.shared.cancellableData(for: request)
        #expect(Self.whole(raw) == first)
        #expect(Self.expectSame(raw))

        _ = try await h.client.cancelRun(created[2].id)
        let third = try await h.client.listRuns(limit: 100)
        #expect(third.runs.map(\.status) == [.queued, .queued, .queued, .cancelled, .queued, .queued])
        #expect(third.runs.filter { $0.id != created[2].id } == first.runs.filter { $0.id != created[2].id })
    }

    @Test func listRunsThroughTheClientFromFixedBodies() async throws {
        let bodies = Self.handWritten.map { Data($0.utf8) } + [Self.page((0..<50).map { Self.run($0) })]
        for body in bodies {
            let server = try await FixtureServer.start { _, _ in FixtureServer.bytes([UInt8](body)) }
            let client = server.client()
            let expected = try #require(Self.whole(body))
            #expect(try await client.listRuns() == expected)
            #expect(try await client.listRuns() == expected)
            await server.stop()
        }
        let bad = Data(#"{"runs":[{"id":"a"},{"id":tru}],"hasMore":false}"#.utf8)
        let server = try await FixtureServer.start { _, _ in FixtureServer.bytes([UInt8](bad)) }
        defer { Task { await server.stop() } }
        let e = await caseDevFailure { _ = try await server.client().listRuns() }
        #expect(e?.kind == .invalidResponse && e?.message.hasSuffix("/agent/v1/run: expected RunPage") == true)
    }
}
