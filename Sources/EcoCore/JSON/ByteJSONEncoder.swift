/// A JSON encoder that writes bytes as the values encode themselves, for API responses.
///
/// Foundation's `JSONEncoder` first builds a tree of boxed values, then sorts and serialises it:
/// on a year of daily buckets that was two thirds of the server's time per request. This one writes
/// straight into a byte buffer. Keys come in the order the type encodes them (for synthesized
/// `Codable`, declaration order), dictionaries with their keys sorted, so output is stable.
/// Non-finite numbers are written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`, as the
/// server's `JSONEncoder` settings did. Slashes are not escaped.
public enum ByteJSONEncoder {
    /// `value` as compact JSON bytes.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let writer = JSONByteWriter()
        try writer.encodeValue(value)
        return writer.bytes
    }

    /// The bytes `value` writes by hand (for values that are written, never decoded, such as log lines).
    public static func encode(writing value: some JSONWritable) -> [UInt8] {
        let writer = JSONByteWriter()
        value.writeJSON(to: writer)
        return writer.bytes
    }
}

/// A value that writes its own JSON: for the few response types that are large and hot (a year of
/// buckets has thousands of fields), where even the byte-level `Encoder`'s per-field generic calls
/// dominate. Must write what its `Encodable` conformance writes (tests compare the two).
public protocol JSONWritable {
    func writeJSON(to writer: JSONByteWriter)
}

/// The buffer and the stack of open objects and arrays behind ``ByteJSONEncoder``; its public
/// methods are what ``JSONWritable`` types write with.
public final class JSONByteWriter {
    // One encoding runs on one thread: the runtime's exclusivity checks on these two class properties
    // were a quarter of the time spent writing a large answer.
    @exclusivity(unchecked) var bytes: [UInt8] = []

    /// One open object or array: its closing byte and whether it has an element yet.
    private struct Frame {
        var closer: UInt8
        var count = 0
    }

    @exclusivity(unchecked) private var frames: [Frame] = []

    init() { bytes.reserveCapacity(4096) }

    /// Writes `value`, closing whatever containers it opened once it returns. Scalars are recognised
    /// by type identity (a pointer comparison), not by dynamic casts.
    func encodeValue<T: Encodable>(_ value: T) throws {
        if T.self == String.self { return writeString(unsafeBitCast(value, to: String.self)) }
        if T.self == Double.self { return writeDouble(unsafeBitCast(value, to: Double.self)) }
        if T.self == Int.self { return writeInteger(Int64(unsafeBitCast(value, to: Int.self))) }
        if T.self == Int64.self { return writeInteger(unsafeBitCast(value, to: Int64.self)) }
        if T.self == Bool.self { return bytes.append(contentsOf: unsafeBitCast(value, to: Bool.self) ? Self.trueBytes : Self.falseBytes) }
        if T.self == JSONValue.self { return writeJSON(value as! JSONValue) }
        if T.self == Float.self { return writeDouble(Double(unsafeBitCast(value, to: Float.self))) }
        if T.self == Int32.self { return writeInteger(Int64(unsafeBitCast(value, to: Int32.self))) }
        if let writable = value as? any JSONWritable { return writable.writeJSON(to: self) }
        if let dictionary = value as? any StringKeyedEncodable { return try dictionary.encodeSorted(into: self) }
        let depth = frames.count
        let start = bytes.count
        try value.encode(to: ByteEncoder(writer: self))
        close(downTo: depth)
        if bytes.count == start { bytes.append(contentsOf: "{}".utf8) }
    }

    // MARK: Writing by hand (JSONWritable)

    /// Opens an object; pass the result to ``field(_:in:)`` and ``end(_:)``.
    public func beginObject() -> Int { open(UInt8(ascii: "{"), closer: UInt8(ascii: "}")) }

    /// Opens an array; pass the result to ``element(in:)`` and ``end(_:)``.
    public func beginArray() -> Int { open(UInt8(ascii: "["), closer: UInt8(ascii: "]")) }

    /// Writes the key of the object's next member; its value follows.
    public func field(_ name: String, in object: Int) { key(name, in: object) }

    /// Starts the array's next element; its value follows.
    public func element(in array: Int) { nextElement(in: array) }

    /// Closes the object or array (and anything left open inside it).
    public func end(_ container: Int) { close(downTo: container) }

    public func string(_ value: String) { writeString(value) }
    public func number(_ value: Double) { writeDouble(value) }
    public func number(_ value: Int) { writeInteger(Int64(value)) }
    public func null() { writeNull() }

    /// Writes any `Encodable` value (the slower, general path).
    public func value(_ value: some Encodable) throws { try encodeValue(value) }

    // MARK: Containers

    /// Opens an object or array; returns its frame index.
    func open(_ opener: UInt8, closer: UInt8) -> Int {
        bytes.append(opener)
        frames.append(Frame(closer: closer))
        return frames.count - 1
    }

    /// Closes every container above `depth` (the encoder gives no "end of container" call, so a
    /// container closes when its owner's value returns, or when its parent writes its next element).
    func close(downTo depth: Int) {
        while frames.count > depth { bytes.append(frames.removeLast().closer) }
    }

    /// Starts the next element of the container at `frame`: closes what was opened inside the
    /// previous one and writes the comma.
    func nextElement(in frame: Int) {
        close(downTo: frame + 1)
        if frames[frame].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[frame].count += 1
    }

    func key(_ key: String, in frame: Int) {
        nextElement(in: frame)
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    // MARK: Scalars

    static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8), nullBytes = Array("null".utf8)

    func writeNull() { bytes.append(contentsOf: Self.nullBytes) }

    func writeInteger(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    func writeDecimal(_ text: String) { bytes.append(contentsOf: text.utf8) }

    func writeDouble(_ value: Double) {
        guard value.isFinite else {
            writeString(value.isNaN ? "NaN" : value > 0 ? "Infinity" : "-Infinity")
            return
        }
        // Whole numbers print without a fraction, as JSONEncoder did (`3`, not `3.0`).
        if value == value.rounded(), abs(value) < 1e15 {
            writeInteger(Int64(value))
        } else {
            // The shortest digits that read back as `value` (what `description` prints), written
            // straight into the buffer: `description` would allocate a String for every number longer
            // than 15 characters, most means and quartiles, thousands of them in a year of buckets.
            var sink = ByteSink(bytes: bytes)
            bytes = []
            value.write(to: &sink)
            bytes = sink.bytes
        }
    }

    func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var utf8 = value.utf8
        let plain = utf8.withContiguousStorageIfAvailable { buffer -> Bool in
            for byte in buffer where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            bytes.append(contentsOf: buffer)
            return true
        }
        if plain != true {
            if plain == nil { utf8 = String(value).utf8 }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
                case 0..<0x20:
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0xF)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Writes a dictionary as an object with its keys sorted (dictionaries have no stable order).
    func writeDictionary<Value: Encodable>(_ dictionary: [String: Value]) throws {
        let frame = open(UInt8(ascii: "{"), closer: UInt8(ascii: "}"))
        for key in dictionary.keys.sorted() {
            self.key(key, in: frame)
            try encodeValue(dictionary[key]!)
        }
        close(downTo: frame)
    }

    private func writeJSON(_ value: JSONValue) {
        switch value {
        case .null: writeNull()
        case let .bool(flag): bytes.append(contentsOf: flag ? Self.trueBytes : Self.falseBytes)
        case let .number(number): writeDouble(number)
        case let .string(text): writeString(text)
        case let .array(items):
            let frame = open(UInt8(ascii: "["), closer: UInt8(ascii: "]"))
            for item in items {
                nextElement(in: frame)
                writeJSON(item)
            }
            close(downTo: frame)
        case let .object(fields):
            let frame = open(UInt8(ascii: "{"), closer: UInt8(ascii: "}"))
            for key in fields.keys.sorted() {
                self.key(key, in: frame)
                writeJSON(fields[key]!)
            }
            close(downTo: frame)
        }
    }
}

/// The `Encoder` a value sees: hands out containers over the shared writer.
private struct ByteEncoder: Encoder {
    let writer: JSONByteWriter
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer(writer: writer, frame: writer.open(UInt8(ascii: "{"), closer: UInt8(ascii: "}"))))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(writer: writer, frame: writer.open(UInt8(ascii: "["), closer: UInt8(ascii: "]")))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueContainer(writer: writer) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONByteWriter
    let frame: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
        writer.key(key.stringValue, in: frame)
        writer.writeNull()
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        writer.key(key.stringValue, in: frame)
        try writer.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writer.key(key.stringValue, in: frame)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(writer: writer, frame: writer.open(UInt8(ascii: "{"), closer: UInt8(ascii: "}"))))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.key(key.stringValue, in: frame)
        return UnkeyedContainer(writer: writer, frame: writer.open(UInt8(ascii: "["), closer: UInt8(ascii: "]")))
    }

    mutating func superEncoder() -> any Encoder {
        writer.key("super", in: frame)
        return ByteEncoder(writer: writer)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        writer.key(key.stringValue, in: frame)
        return ByteEncoder(writer: writer)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let writer: JSONByteWriter
    let frame: Int
    private(set) var count = 0
    var codingPath: [any CodingKey] { [] }

    init(writer: JSONByteWriter, frame: Int) {
        self.writer = writer
        self.frame = frame
    }

    mutating func encodeNil() throws {
        writer.nextElement(in: frame)
        writer.writeNull()
        count += 1
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.nextElement(in: frame)
        try writer.encodeValue(value)
        count += 1
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.nextElement(in: frame)
        count += 1
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(writer: writer, frame: writer.open(UInt8(ascii: "{"), closer: UInt8(ascii: "}"))))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.nextElement(in: frame)
        count += 1
        return UnkeyedContainer(writer: writer, frame: writer.open(UInt8(ascii: "["), closer: UInt8(ascii: "]")))
    }

    mutating func superEncoder() -> any Encoder {
        writer.nextElement(in: frame)
        count += 1
        return ByteEncoder(writer: writer)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let writer: JSONByteWriter
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { writer.writeNull() }
    mutating func encode<T: Encodable>(_ value: T) throws { try writer.encodeValue(value) }
}

/// Dictionaries keyed by strings, written with sorted keys.
private protocol StringKeyedEncodable {
    func encodeSorted(into writer: JSONByteWriter) throws
}

extension Dictionary: StringKeyedEncodable where Key == String, Value: Encodable {
    fileprivate func encodeSorted(into writer: JSONByteWriter) throws { try writer.writeDictionary(self) }
}

/// A text stream that appends to a byte array. The standard library prints numbers through the
/// stream's `_writeASCII` when the stream has one, so no `String` is made for them.
private struct ByteSink: TextOutputStream {
    var bytes: [UInt8]

    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
}
