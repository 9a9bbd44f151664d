@testable import CaseDevAPI
import Foundation
import Testing

/// Decoding from a parsed JSONValue gives what JSONDecoder gives from the value's JSON text (the
/// path it replaces: encode the value, decode the text), for the models events carry and for
/// values of every shape, including the wrong ones.
@Suite struct JSONValueDecoderTests {
    static func viaText<T: Decodable>(_ value: JSONValue, _ type: T.Type) -> Result<T, any Error> {
        Result { try JSONDecoder.caseDev.decode(type, from: JSONEncoder.caseDev.encode(value)) }
    }

    static func expectSame<T: Decodable & Equatable>(_ value: JSONValue, _ type: T.Type, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = try? viaText(value, type).get()
        let direct = try? value.decode(type)
        #expect(direct == text, "\(value)", sourceLocation: sourceLocation)
    }

    /// Values of every shape, for each field a model reads.
    static let oddValues: [JSONValue] = [
        .null, .bool(true), .bool(false), .number(0), .number(-3), .number(1.5), .number(12), .number(1e15), .number(1.2e16),
        .number(9.3e18), .number(1e300), .number(-1e19), .string(""), .string("12"), .string("1.5"), .string("true"),
        .string("2026-03-01T12:00:00Z"), .string("2026-03-01T12:00:00.123+02:00"), .string("not a date"),
        .array([]), .array([.number(1), .string("x"), .null]), .object([:]), .object(["a": .object(["b": .array([.bool(true)])])]),
    ]

    static let stepKeys = ["id", "type", "content", "toolName", "toolInput", "toolOutput", "durationMs", "timestamp"]
    static let entryKeys = ["id", "kind", "service", "endpoint", "method", "statusCode", "costMicros", "promptTokens",
                            "completionTokens", "totalTokens", "model", "timestamp", "metadata"]

    /// Every shape comes back as itself from its JSON text, whichever shape the decoder tries first.
    @Test func valuesOfEveryShapeDecodeFromTheirText() throws {
        for value in Self.oddValues + [.object(["line": .string("x"), "n": .number(1), "ok": .bool(false), "list": .array([.null])])] {
            let text = try JSONEncoder.caseDev.encode(value)
            #expect(try JSONDecoder.caseDev.decode(JSONValue.self, from: text) == value, "\(value)")
        }
        #expect(try JSONDecoder.caseDev.decode(JSONValue.self, from: Data("[true, 1, \"1\", {}]".utf8))
                == .array([.bool(true), .number(1), .string("1"), .object([:])]))
    }

    @Test func stepsAndUsageEntriesDecodeAsFromTheirText() {
        let step: JSONValue = .object([
            "id": .string("step_001"), "type": .string("tool_call"), "content": .null, "toolName": .string("bash"),
            "toolInput": .object(["command": .string("casedev vault list")]), "toolOutput": .string("{ \"vaults\": [] }"),
            "durationMs": .number(1200), "timestamp": .string("2025-01-15T10:30:10Z"),
        ])
        Self.expectSame(step, Step.self)
        #expect((try? step.decode(Step.self))?.toolName == "bash")
        for key in Self.stepKeys {
            for odd in Self.oddValues {
                guard case .object(var fields) = step else { continue }
                fields[key] = odd
                Self.expectSame(.object(fields), Step.self)
                fields[key] = nil
                Self.expectSame(.object(fields), Step.self)
            }
        }
        let entry: JSONValue = .object([
            "id": .string("use_1"), "kind": .string("llm"), "service": .string("llm"), "endpoint": .string("/llm/v1/chat/completions"),
            "method": .string("POST"), "statusCode": .number(200), "costMicros": .number(9100), "promptTokens": .number(3000),
            "completionTokens": .number(210), "totalTokens": .number(3210), "model": .string("anthropic/claude-sonnet-4.6"),
            "timestamp": .string("2025-01-15T10:30:09Z"), "metadata": .null,
        ])
        Self.expectSame(entry, UsageEntry.self)
        for key in Self.entryKeys {
            for odd in Self.oddValues {
                guard case .object(var fields) = entry else { continue }
                fields[key] = odd
                Self.expectSame(.object(fields), UsageEntry.self)
            }
        }
        for odd in Self.oddValues {
            Self.expectSame(odd, Step.self)
            Self.expectSame(odd, UsageEntry.self)
            Self.expectSame(odd, JSONValue.self)
        }
    }

    @Test func wholeModelsWithArraysOfLossyElementsDecodeAsFromTheirText() throws {
        let usage: JSONValue = .object([
            "model": .string("m"), "inputTokens": .number(45_000), "outputTokens": .string("3200"), "toolCalls": .number(12.0),
            "summary": .object(["costMicros": .number(412_000), "totalTokens": .number(48_200)]),
            "entries": .array([.object(["id": .string("a"), "totalTokens": .number(5)]), .number(3), .null, .string("x"),
                               .object(["id": .string("b"), "totalTokens": .number(2.5)])]),
        ])
        Self.expectSame(usage, Usage.self)
        #expect(try usage.decode(Usage.self).entries?.count == (try? Self.viaText(usage, Usage.self).get())?.entries?.count)
        // Scalars and containers asked for as the wrong thing fail as JSONDecoder fails.
        for odd in Self.oddValues {
            #expect((try? odd.decode(Int.self)) == (try? Self.viaText(odd, Int.self).get()), "\(odd)")
            #expect((try? odd.decode(Int8.self)) == (try? Self.viaText(odd, Int8.self).get()), "\(odd)")
            #expect((try? odd.decode(UInt.self)) == (try? Self.viaText(odd, UInt.self).get()), "\(odd)")
            #expect((try? odd.decode(Double.self)) == (try? Self.viaText(odd, Double.self).get()), "\(odd)")
            #expect((try? odd.decode(String.self)) == (try? Self.viaText(odd, String.self).get()), "\(odd)")
            #expect((try? odd.decode(Bool.self)) == (try? Self.viaText(odd, Bool.self).get()), "\(odd)")
            #expect((try? odd.decode([Int].self)) == (try? Self.viaText(odd, [Int].self).get()), "\(odd)")
            #expect((try? odd.decode([String: Int?].self)) == (try? Self.viaText(odd, [String: Int?].self).get()), "\(odd)")
            #expect((try? odd.decode(Int?.self)) == (try? Self.viaText(odd, Int?.self).get()), "\(odd)")
        }
    }
}
