import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The usage of finished runs, kept on disk so it is fetched once per run, ever: one file per
/// API endpoint under `$XDG_CACHE_HOME/casedash/`, one JSON object per line.
///
/// Why a JSON-lines file and not SQLite (GRDB.swift): the cache is a map from run id to a
/// record that never changes once written, read whole at start and appended to in small
/// batches. A file does that with no query language, no schema migrations and no new
/// dependency; GRDB would add its SQLite amalgamation and a large Swift library to every build of
/// a 2-core CI for a key-value append log. What SQLite would give for free is handled here:
/// - two processes at once: every read and write holds an `flock` on a lock file beside the
///   cache, appends are one `write` to an `O_APPEND` descriptor, and rewrites go to a temporary
///   file that is `rename`d over the cache (atomic: a reader sees the old file or the new one);
/// - a corrupt or truncated file: a line that does not decode is skipped, and the file is then
///   rewritten from the lines that did (a crash mid-append leaves at most one broken line);
///   nothing about the cache is ever fatal: at worst a run's usage is fetched again;
/// - bounds: past `limit` records (plus a quarter, so that rewrites are rare) the file is
///   rewritten with the newest `limit`, by end (else creation) time; the oldest are dropped.
/// 100,000 records take about 23 MB and load in 0.9 s in a debug build (measured once, by a
/// throwaway test writing 100,000 records and timing `load()`).
public final class UsageCache: Sendable {
    public static let defaultLimit = 100_000

    public let fileURL: URL
    public let limit: Int
    private var lockPath: String { fileURL.path + ".lock" }

    public init(directory: URL, endpoint: String, limit: Int = UsageCache.defaultLimit) {
        fileURL = directory.appendingPathComponent(Self.fileName(endpoint: endpoint))
        self.limit = max(1, limit)
    }

    /// `$XDG_CACHE_HOME/casedash`, else `~/.cache/casedash`.
    public static func directory(environment: [String: String]) -> URL? {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("casedash")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/casedash")
    }

    /// `usage-<host>-<hash of the whole endpoint>.jsonl`: readable, and distinct for distinct
    /// endpoints (scheme, port, path, or a context name).
    static func fileName(endpoint: String) -> String {
        let host = URL(string: endpoint)?.host ?? endpoint
        let safe = String(host.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-" ? Character($0) : "_" }.prefix(60))
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: stable across runs, unlike Hasher
        for b in endpoint.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        return "usage-\(safe)-\(String(hash, radix: 16)).jsonl"
    }

    /// Every record in the file, by run id. A missing file is an empty cache; a damaged one is
    /// repaired (rewritten from its readable lines).
    public func load() -> [String: UsageRecord] {
        (try? locked { try readRepairing() }) ?? [:]
    }

    /// Adds records (a record for a run already there replaces it). Throws only to report that
    /// the cache could not be written; the caller carries on without it.
    public func add(_ records: [UsageRecord]) throws {
        guard !records.isEmpty else { return }
        try locked {
            let lines = try lineCount()
            if lines + records.count > limit + limit / 4 {
                var all = try readRepairing()
                for r in records { all[r.runId] = r }
                try rewrite(Array(all.values))
                return
            }
            try append(records)
            knownLines.withLock { $0 = lines + records.count }
        }
    }

    /// Lines in the file: counted once, then kept up to date by this process. Another process's
    /// appends are missed until the next count, which only delays a rewrite.
    private let knownLines = Mutex<Int?>(nil)

    private func lineCount() throws -> Int {
        if let n = knownLines.withLock({ $0 }) { return n }
        let data = FileManager.default.contents(atPath: fileURL.path) ?? Data()
        let n = data.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        knownLines.withLock { $0 = n }
        return n
    }

    // MARK: File

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .millisecondsSince1970
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    private static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        return d
    }

    private func readRepairing() throws -> [String: UsageRecord] {
        guard let data = FileManager.default.contents(atPath: fileURL.path) else { return [:] }
        var records: [String: UsageRecord] = [:]
        var bad = 0
        let decoder = Self.decoder()
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var start = 0
            let bytes = raw.bindMemory(to: UInt8.self)
            for i in 0...bytes.count {
                guard i == bytes.count || bytes[i] == 0x0A else { continue }
                defer { start = i + 1 }
                guard i > start else { continue }
                let line = Data(bytes[start..<i])
                if let r = try? decoder.decode(UsageRecord.self, from: line), !r.runId.isEmpty { records[r.runId] = r } else { bad += 1 }
            }
        }
        if bad > 0 || records.count > limit { try rewrite(Array(records.values)) }
        return bounded(records)
    }

    private func bounded(_ records: [String: UsageRecord]) -> [String: UsageRecord] {
        guard records.count > limit else { return records }
        let kept = newest(Array(records.values))
        return Dictionary(kept.map { ($0.runId, $0) }, uniquingKeysWith: { _, b in b })
    }

    private func newest(_ records: [UsageRecord]) -> [UsageRecord] {
        guard records.count > limit else { return records }
        let when = { (r: UsageRecord) in r.endedAt ?? r.createdAt ?? .distantPast }
        return Array(records.sorted { when($0) != when($1) ? when($0) > when($1) : $0.runId < $1.runId }.prefix(limit))
    }

    private func lines(_ records: [UsageRecord]) throws -> Data {
        var out = Data()
        for r in records {
            out.append(try Self.encoder.encode(r))
            out.append(0x0A)
        }
        return out
    }

    private func rewrite(_ records: [UsageRecord]) throws {
        let kept = newest(records)
        let temp = fileURL.deletingLastPathComponent().appendingPathComponent(".\(fileURL.lastPathComponent).\(getpid()).tmp")
        try lines(kept).write(to: temp)
        knownLines.withLock { $0 = kept.count }
        guard Glibc.rename(temp.path, fileURL.path) == 0 else {
            unlink(temp.path)
            throw CacheError("cannot replace \(fileURL.path): \(String(cString: strerror(errno)))")
        }
    }

    private func append(_ records: [UsageRecord]) throws {
        let fd = open(fileURL.path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CacheError("cannot open \(fileURL.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var data = try lines(records)
        // A crash mid-append can leave a last line without its newline: end it first, so the
        // new lines do not join it (it is skipped, and repaired, on the next load).
        var last: UInt8 = 0x0A
        let size = lseek(fd, 0, SEEK_END)
        if size > 0, pread(fd, &last, 1, size - 1) == 1, last != 0x0A { data.insert(0x0A, at: 0) }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CacheError("cannot write \(fileURL.path): \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }

    /// Runs `body` holding the exclusive lock shared with every other casedash process.
    private func locked<T>(_ body: () throws -> T) throws -> T {
        var fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0, errno == ENOENT {
            // The folder is made when first needed (the token back-fill writes a record a second
            // while it runs: not a folder check each time).
            try FileManager.default.createDirectory(at: fileURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        }
        guard fd >= 0 else { throw CacheError("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw CacheError("cannot lock \(lockPath): \(String(cString: strerror(errno)))") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}

public struct CacheError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
