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

    /// Arrays keep the elements that decode and drop the ones that do not. Each element is
    /// decoded in place: a run-list page is decoded on every poll, and a detour through
    /// `JSONValue` and a second encoder/decoder pair per element was most of the dashboard's CPU.
    func array<T: Decodable>(_ type: T.Type, _ key: Key) -> [T]? {
        guard let items = try? decodeIfPresent([Lossy<T>].self, forKey: key) else { return nil }
        return items.compactMap(\.value)
    }
}

/// One array element that may fail to decode: the failure is kept as nil, so the array's
/// decoder moves past the element instead of failing the whole array.
struct Lossy<T: Decodable>: Decodable {
    let value: T?
    init(from decoder: any Decoder) throws { value = try? T(from: decoder) }
}

extension Int64 {
    func quotientAndRemainderFloored(dividingBy d: Int64) -> (quotient: Int64, remainder: Int64) {
        let (q, r) = quotientAndRemainder(dividingBy: d)
        return r < 0 ? (q - 1, r + d) : (q, r)
    }
}

/// ISO-8601 timestamps with and without fractional seconds, as the service sends both.
public enum ISO8601 {
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let whole = Date.ISO8601FormatStyle()

    /// Every run has several timestamps and a list page is decoded on every poll, so the forms
    /// the service writes are parsed by hand; anything else goes to Foundation's parser.
    public static func parse(_ text: String) -> Date? {
        if let d = parseCommon(text) { return d }
        if let d = try? fractional.parse(text) { return d }
        if let d = try? whole.parse(text) { return d }
        return nil
    }

    /// `YYYY-MM-DDTHH:MM:SS`, optional `.fff…`, then `Z` or `±HH:MM`; nil for anything else.
    static func parseCommon(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { b -> Date? in
            guard b.count >= 20 else { return nil }
            func number(_ from: Int, _ count: Int) -> Int? {
                var v = 0
                for i in from..<from + count {
                    let d = Int(b[i]) - 48
                    guard d >= 0, d <= 9 else { return nil }
                    v = v * 10 + d
                }
                return v
            }
            guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
                  b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
                  let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                  let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                  (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
                  hour < 24, minute < 60, second < 60 else { return nil }
            var i = 19
            var fraction = 0.0
            if b[i] == UInt8(ascii: ".") {
                i += 1
                let start = i
                var digits = 0, scale = 1
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    // Nanoseconds are the most a Date keeps; further digits change nothing.
                    if i - start < 9 { digits = digits * 10 + Int(b[i] - 48); scale *= 10 }
                    i += 1
                }
                guard i > start, i < b.count else { return nil }
                fraction = Double(digits) / Double(scale)
            }
            var offset = 0
            switch b[i] {
            case UInt8(ascii: "Z"):
                i += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard b.count - i == 6, b[i + 3] == UInt8(ascii: ":"),
                      let oh = number(i + 1, 2), let om = number(i + 4, 2), oh < 24, om < 60 else { return nil }
                offset = (oh * 60 + om) * 60 * (b[i] == UInt8(ascii: "-") ? -1 : 1)
                i += 6
            default:
                return nil
            }
            guard i == b.count else { return nil }
            let seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second - offset
            return Date(timeIntervalSince1970: Double(seconds) + fraction)
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm, the inverse of `format`'s).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
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
