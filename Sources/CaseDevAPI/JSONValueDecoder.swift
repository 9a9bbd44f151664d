import Foundation

extension JSONValue {
    /// Decodes `T` from this value as `JSONDecoder` decodes it from the value's JSON text, without
    /// writing the text and parsing it again: an event carries its step or usage entry already
    /// parsed, and the round trip through JSONEncoder and JSONDecoder was most of what a live
    /// run's events cost to apply.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try ValueDecoder.value(self, as: type, at: [])
    }
}

/// A `Decoder` over a parsed `JSONValue`, with JSONDecoder's rules for the values it meets:
/// numbers decode as integers only when they are whole and in range, nothing converts between
/// strings, numbers and booleans, and null is nil only where an optional is asked for.
private struct ValueDecoder: Decoder {
    let json: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = json else { throw Self.mismatch([String: JSONValue].self, json, codingPath) }
        return KeyedDecodingContainer(Keyed<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = json else { throw Self.mismatch([JSONValue].self, json, codingPath) }
        return Unkeyed(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(json: json, codingPath: codingPath) }

    static func mismatch(_ type: Any.Type, _ json: JSONValue, _ path: [any CodingKey]) -> DecodingError {
        .typeMismatch(type, .init(codingPath: path, debugDescription: "Expected \(type) but found \(json)"))
    }

    /// One value as `type`: the scalars JSON has, else the type's own `init(from:)`.
    static func value<T: Decodable>(_ json: JSONValue, as type: T.Type, at path: [any CodingKey]) throws -> T {
        switch (json, type) {
        case (_, is JSONValue.Type): return json as! T  // what JSONValue(from:) would rebuild
        case (.bool(let b), is Bool.Type): return b as! T
        case (.string(let s), is String.Type): return s as! T
        case (.number(let d), is Double.Type): return d as! T
        case (.number(let d), is Float.Type):
            guard abs(d) <= Double(Float.greatestFiniteMagnitude) else { throw mismatch(type, json, path) }
            return Float(d) as! T
        case (.number(let d), let integer as any FixedWidthInteger.Type):
            guard let n = integer.init(exactly: d) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Number \(d) does not fit in \(type)"))
            }
            return n as! T
        case (_, is Bool.Type), (_, is String.Type), (_, is Double.Type), (_, is Float.Type), (_, is any FixedWidthInteger.Type):
            throw mismatch(type, json, path)
        case (_, is URL.Type), (_, is Data.Type), (_, is Decimal.Type):
            // JSONDecoder reads these specially (a string, base64, the number's text); the models
            // events carry have none, and a quiet difference is worse than a clear failure.
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "\(type) is not decoded from a JSONValue"))
        default:
            return try T(from: ValueDecoder(json: json, codingPath: path))
        }
    }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func json(_ key: Key) throws -> JSONValue {
        guard let v = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value for \(key.stringValue)"))
        }
        return v
    }

    func decodeNil(forKey key: Key) throws -> Bool { try json(key) == .null }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decode(type, key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type, key) }
    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try ValueDecoder.value(json(key), as: type, at: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(json: json(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(json: json(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder {
        ValueDecoder(json: object["super"] ?? .null, codingPath: codingPath)
    }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(json: object[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct Unkeyed: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) { self.items = items; self.codingPath = codingPath }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private struct Index: CodingKey {
        let intValue: Int?
        var stringValue: String { "Index \(intValue ?? 0)" }
        init(_ i: Int) { intValue = i }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    private func next() throws -> (JSONValue, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: codingPath, debugDescription: "Unkeyed container is at end."))
        }
        return (items[currentIndex], codingPath + [Index(currentIndex)])
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decode(type, ()) }

    mutating func decodeNil() throws -> Bool {
        guard try next().0 == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decode(type, ()) }
    mutating func decode(_ type: String.Type) throws -> String { try decode(type, ()) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decode(type, ()) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decode(type, ()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decode(type, ()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decode(type, ()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decode(type, ()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decode(type, ()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decode(type, ()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decode(type, ()) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(type, ()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(type, ()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(type, ()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(type, ()) }
    /// The next element as `type`; the index moves on only when it decoded, as JSONDecoder's does.
    /// (The concrete overloads above call this, not the generic one, which they would shadow.)
    private mutating func decode<T: Decodable>(_ type: T.Type, _: Void) throws -> T {
        let (json, path) = try next()
        let value = try ValueDecoder.value(json, as: type, at: path)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (json, path) = try next()
        let c = try ValueDecoder(json: json, codingPath: path).container(keyedBy: type)
        currentIndex += 1
        return c
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (json, path) = try next()
        let c = try ValueDecoder(json: json, codingPath: path).unkeyedContainer()
        currentIndex += 1
        return c
    }
    mutating func superDecoder() throws -> any Decoder {
        let (json, path) = try next()
        currentIndex += 1
        return ValueDecoder(json: json, codingPath: path)
    }
}

private struct Single: SingleValueDecodingContainer {
    let json: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { json == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decode(type, ()) }
    func decode(_ type: Bool.Type) throws -> Bool { try decode(type, ()) }
    func decode(_ type: String.Type) throws -> String { try decode(type, ()) }
    func decode(_ type: Double.Type) throws -> Double { try decode(type, ()) }
    func decode(_ type: Float.Type) throws -> Float { try decode(type, ()) }
    func decode(_ type: Int.Type) throws -> Int { try decode(type, ()) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decode(type, ()) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decode(type, ()) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decode(type, ()) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decode(type, ()) }
    func decode(_ type: UInt.Type) throws -> UInt { try decode(type, ()) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(type, ()) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(type, ()) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(type, ()) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(type, ()) }
    private func decode<T: Decodable>(_ type: T.Type, _: Void) throws -> T { try ValueDecoder.value(json, as: type, at: codingPath) }
}
