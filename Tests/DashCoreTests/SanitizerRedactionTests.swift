import DashCore
import Testing

/// Anything drawn goes through the sanitiser, so a key the server echoes is never drawn.
@Suite struct SanitizerRedactionTests {
    @Test func keysShapedLikeCaseKeysAreNotDrawn() {
        #expect(!Sanitizer.line("401: Bearer sk_case_DrawnSecret9 rejected").contains("DrawnSecret9"))
        #expect(Sanitizer.lines("one\nkey sk_case_Z-z_0\nthree").allSatisfy { !$0.contains("Z-z_0") })
    }
}
