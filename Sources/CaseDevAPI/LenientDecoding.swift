import Foundation

/// The real service is loosely typed (every field optional, nulls common, enums open), so models
/// decode field by field and never fail on a value of the wrong shape: it becomes nil.
extension KeyedDecodingContainer {
    func string(_ key: Key) -> String? {
        if let s = try? decodeIfPresent(String.self, forKey: key) { return s }
        if let i = try? decodeIfPresent(Int.self, forKey: key) { return String(i) }
        return nil
    }

    func int(_ key: Key) -> Int? {
        if let i = try? decodeIfPresent(Int.self, forKey: key) { return i }
        if let d = try? decodeIfPresent(Double.self, forKey: key), d.isFinite, abs(d) < 9e18 { return Int(d) }
        if let s = try? decodeIfPresent(String.self, forKey: key) { return Int(s) }
        return nil
    }

    func bool(_ key: Key) -> Bool? {
        if let b = try? decodeIfPresent(Bool.self, forKey: key) { return b }
        if let s = try? decodeIfPresent(String.self, forKey: key) { return s == "true" ? true : s == "false" ? false : nil }
        return nil
    }

    func date(_ key: Key) -> Date? {
        guard let s = try? decodeIfPresent(String.self, forKey: key) else { return nil }
        return ISO8601.parse(s)
    }

    func strings(_ key: Key) -> [String]? {
        guard let values = try? decodeIfPresent([JSONValue].self, forKey: key) else { return nil }
        return values.compactMap { $0.stringValue }
    }

    func json(_ key: Key) -> JSONValue? {
        (try? decodeIfPresent(JSONValue.self, forKey: key)) ?? nil
    }

    func value<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }

    /// Arrays keep the elements that decode and drop the ones that do not.
    func array<T: Decodable>(_ type: T.Type, _ key: Key) -> [T]? {
        guard let raw = try? decodeIfPresent([JSONValue].self, forKey: key) else { return nil }
        return raw.compactMap { try? JSONValue.reencode($0, as: T.self) }
    }
}

extension JSONValue {
    static func reencode<T: Decodable>(_ value: JSONValue, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }
}

extension Int64 {
    func quotientAndRemainderFloored(dividingBy d: Int64) -> (quotient: Int64, remainder: Int64) {
        let (q, r) = quotientAndRemainder(dividingBy: d)
        return r < 0 ? (q - 1, r + d) : (q, r)
    }
}

/// ISO-8601 timestamps with and without fractional seconds, as the service sends both.
public enum ISO8601 {
    public static func parse(_ text: String) -> Date? {
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let d = try? fractional.parse(text) { return d }
        if let d = try? Date.ISO8601FormatStyle().parse(text) { return d }
        return nil
    }

    /// Millisecond precision, `Z` suffix: what the emulator writes. Done by hand because the
    /// emulator writes a timestamp on every log line and Foundation's formatter is slow.
    public static func format(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let days = Int(ms.quotientAndRemainderFloored(dividingBy: 86_400_000).quotient)
        let msOfDay = Int(ms - Int64(days) * 86_400_000)
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(msOfDay / 3_600_000, 2)):"
            + "\(pad(msOfDay / 60_000 % 60, 2)):\(pad(msOfDay / 1_000 % 60, 2)).\(pad(msOfDay % 1_000, 3))Z"
    }
}

extension JSONDecoder {
    public static var caseDev: JSONDecoder { JSONDecoder() }

    /// Decodes a server's body. JSONDecoder rejects invalid UTF-8 anywhere in a string, and the
    /// lenient models would turn that into a silently empty list, so invalid bytes become U+FFFD
    /// first, as a terminal would show them.
    func decodeLeniently<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decode(type, from: Self.repairingUTF8(data))
    }

    static func repairingUTF8(_ data: Data) -> Data {
        // Validating without copying keeps the common, valid case as cheap as it was.
        if String(validating: data, as: UTF8.self) != nil { return data }
        return Data(String(decoding: data, as: UTF8.self).utf8)
    }
}

extension KeyedDecodingContainer {
    /// The list a page is about: missing or not an array means the answer was not a page, which
    /// is an error to show, never an empty list.
    func requiredArray<T: Decodable>(_ type: T.Type, _ key: Key) throws -> [T] {
        guard let items = array(type, key) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "no \(key.stringValue) array")
        }
        return items
    }
}

extension JSONEncoder {
    /// Dates as ISO-8601 with milliseconds, as the API writes them.
    public static var caseDev: JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(ISO8601.format(date))
        }
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }
}
