/// The one order of a run's log streams, wherever they are listed: runner and linc first (the
/// ones operators read most), then the others by name.
public enum LogStreams {
    public static let preferred = ["runner", "linc"]

    public static func ordered(_ names: some Collection<String>) -> [String] {
        let first = preferred.filter { names.contains($0) }
        return first + names.filter { !preferred.contains($0) }.sorted()
    }
}
