@testable import CaseDevAPI
import Foundation
import Testing

/// No number from the server may trap: sums saturate, waits stay finite.
@Suite struct NumberSafetyTests {
    @Test func totalTokensSaturatesInsteadOfTrapping() throws {
        #expect(Usage(inputTokens: Int.max, outputTokens: 1).totalTokens == Int.max)
        #expect(Usage(inputTokens: Int.max, outputTokens: Int.max).totalTokens == Int.max)
        #expect(Usage(inputTokens: Int.min, outputTokens: -1).totalTokens == Int.min)
        #expect(Usage(inputTokens: Int.min, outputTokens: Int.min).totalTokens == Int.min)
        #expect(Usage(inputTokens: Int.min, outputTokens: Int.max).totalTokens == -1)
        #expect(Usage(inputTokens: -5, outputTokens: 3).totalTokens == -2)
        #expect(Usage(inputTokens: 2, outputTokens: nil).totalTokens == 2)
    }

    @Test func totalTokensFromADecodedBodyWithInt64Extremes() throws {
        let body = #"{"inputTokens":9223372036854775807,"outputTokens":1}"#
        let u = try JSONDecoder.caseDev.decode(Usage.self, from: Data(body.utf8))
        #expect(u.totalTokens == Int.max)
        let negative = #"{"inputTokens":-9223372036854775808,"outputTokens":-7.5}"#
        let n = try JSONDecoder.caseDev.decode(Usage.self, from: Data(negative.utf8))
        #expect(n.totalTokens == Int.min)
    }

    @Test func saturatingSumOfManyValues() {
        #expect([Int.max, 1, 1].saturatingSum() == Int.max)
        #expect([Int.min, -1, 5].saturatingSum() == Int.min + 5)
        #expect([Int]().saturatingSum() == 0)
        #expect(Int.max.addingSaturating(Int.min) == -1)
    }

    @Test func retryAfterFromTheServerIsFiniteAndBounded() {
        for value in ["1e400", "inf", "9223372036854775807", "1e300"] {
            let wait = RetryPolicy.retryAfter(headers: ["Retry-After": value])
            #expect(wait.map { $0.isFinite && $0 <= 3_600 } == true, "\(value)")
            let ms = RetryPolicy.retryAfter(headers: ["retry-after-ms": value])
            #expect(ms.map { $0.isFinite && $0 <= 3_600 } == true, "ms \(value)")
        }
        #expect(RetryPolicy.retryAfter(headers: ["Retry-After": "nan"]) == nil)
        #expect(RetryPolicy.retryAfter(headers: ["Retry-After": "-3"]) == nil)
        #expect(RetryPolicy.retryAfter(headers: ["Retry-After": "2"]) == 2)
    }
}
