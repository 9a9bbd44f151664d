import Foundation

/// The timestamp a log line starts with, when it has one (`2026-11-18T10:00:01Z [runner] …`,
/// with or without fractions, `Z` or an offset). Parsed by hand: it runs once per line of logs
/// that can be hundreds of thousands of lines long, where a date formatter per value would cost
/// more than everything else done with the line.
enum LogTimestamp {
    /// The time, and how many characters the stamp and the spaces after it take.
    static func parse(_ line: String) -> (Date, Int)? {
        var u = line.utf8.makeIterator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(40)
        while bytes.count < 40, let b = u.next() { bytes.append(b) }
        return parse(bytes)
    }

    static func parse(_ b: [UInt8]) -> (Date, Int)? {
        guard b.count >= 20 else { return nil }
        func digits(_ from: Int, _ count: Int) -> Int? {
            var n = 0
            for i in from..<from + count {
                guard i < b.count, b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                n = n * 10 + Int(b[i] - 0x30)
            }
            return n
        }
        guard let year = digits(0, 4), b[4] == 0x2D, let month = digits(5, 2), b[7] == 0x2D, let day = digits(8, 2),
              b[10] == 0x54 || b[10] == 0x20, let hour = digits(11, 2), b[13] == 0x3A, let minute = digits(14, 2),
              b[16] == 0x3A, let second = digits(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var scale = 0.1
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { fraction += Double(b[i] - 0x30) * scale; scale /= 10; i += 1 }
        }
        var offset = 0
        if i < b.count, b[i] == 0x5A { i += 1 }
        else if i + 2 < b.count, b[i] == 0x2B || b[i] == 0x2D, let oh = digits(i + 1, 2) {
            let sign = b[i] == 0x2D ? -1 : 1
            var j = i + 3
            if j < b.count, b[j] == 0x3A { j += 1 }
            guard let om = digits(j, 2) else { return nil }
            offset = sign * (oh * 3_600 + om * 60)
            i = j + 2
        } else {
            return nil  // no zone: too ambiguous to order lines by
        }
        while i < b.count, b[i] == 0x20 { i += 1 }
        let days = daysFromCivil(year, month, day)
        let seconds = Double(days * 86_400 + hour * 3_600 + minute * 60 + second - offset) + fraction
        return (Date(timeIntervalSince1970: seconds), i)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
