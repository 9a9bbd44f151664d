import DashCore
import Foundation
import Testing

/// Golden files for whole frames: `Snapshots/<name>.txt` holds the text and the role mask.
/// A missing file is written (and the test fails so it gets reviewed); SNAPSHOT_RECORD=1 rewrites all.
func assertFrame(_ grid: Grid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let actual = grid.text() + "\n\n" + grid.roleMask() + "\n"
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = dir.appendingPathComponent("\(name).txt")
    let record = ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1"
    if record || !FileManager.default.fileExists(atPath: file.path) {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name); check it and run again", sourceLocation: sourceLocation)
        return
    }
    let expected = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    if expected != actual {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }
        let line = first.map { "line \($0.offset + 1):\n  expected: \($0.element.1)\n  actual:   \($0.element.0)" } ?? "length differs"
        Issue.record("frame \(name) differs (SNAPSHOT_RECORD=1 re-records)\n\(line)", sourceLocation: sourceLocation)
    }
}
