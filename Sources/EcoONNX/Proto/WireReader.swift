/// A reader of the protocol-buffers wire format (varints, fixed 32/64-bit words, length-delimited
/// fields), enough to decode the messages of onnx.proto without a code generator.
///
/// Wire types as in the protobuf encoding guide (protobuf.dev/programming-guides/encoding):
/// 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32; 3 and 4 (groups) are refused.
struct WireReader {
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int
    /// The message being read, for error messages ("TensorProto", "NodeProto" …).
    let message: String

    init(_ bytes: [UInt8], message: String) {
        self.init(bytes, range: 0..<bytes.count, message: message)
    }

    private init(_ bytes: [UInt8], range: Range<Int>, message: String) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.message = message
    }

    var isAtEnd: Bool { position >= end }

    /// The next field's number and wire type, or nil at the end of the message.
    mutating func nextField() throws(ONNXError) -> (number: Int, wireType: Int)? {
        guard !isAtEnd else { return nil }
        let key = try varint()
        let number = Int(key >> 3), wireType = Int(key & 7)
        guard number > 0 else { throw malformed("field number 0") }
        return (number, wireType)
    }

    mutating func varint() throws(ONNXError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw malformed("a varint runs past the end of the data (truncated file?)") }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw malformed("a varint is longer than 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw malformed("a varint is longer than 10 bytes") }
        }
    }

    mutating func int64() throws(ONNXError) -> Int64 { Int64(bitPattern: try varint()) }

    mutating func fixed32() throws(ONNXError) -> UInt32 {
        guard end - position >= 4 else { throw malformed("a 32-bit field runs past the end of the data (truncated file?)") }
        var value: UInt32 = 0
        for i in 0..<4 { value |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        position += 4
        return value
    }

    mutating func fixed64() throws(ONNXError) -> UInt64 {
        guard end - position >= 8 else { throw malformed("a 64-bit field runs past the end of the data (truncated file?)") }
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return value
    }

    mutating func float() throws(ONNXError) -> Float { Float(bitPattern: try fixed32()) }

    /// The range of a length-delimited field's payload; the reader moves past it.
    mutating func lengthDelimited() throws(ONNXError) -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(end - position) else {
            throw malformed("a field of \(length) bytes runs past the end of the data (truncated file?)")
        }
        let start = position
        position += Int(length)
        return start..<position
    }

    mutating func bytesField() throws(ONNXError) -> ArraySlice<UInt8> { bytes[try lengthDelimited()] }

    mutating func string() throws(ONNXError) -> String {
        let slice = try bytesField()
        guard let text = String(validating: slice, as: UTF8.self) else { throw malformed("a string field is not UTF-8") }
        return text
    }

    /// A reader over an embedded message's bytes.
    mutating func submessage(_ name: String) throws(ONNXError) -> WireReader {
        WireReader(bytes, range: try lengthDelimited(), message: name)
    }

    /// Repeated scalars arrive packed (wire type 2) or one per field; `one` reads a single element.
    mutating func repeated<T>(wireType: Int, into values: inout [T], _ one: (inout WireReader) throws(ONNXError) -> T) throws(ONNXError) {
        if wireType == 2 {
            var packed = WireReader(bytes, range: try lengthDelimited(), message: message)
            while !packed.isAtEnd { values.append(try one(&packed)) }
        } else {
            values.append(try one(&self))
        }
    }

    /// Skips a field this decoder does not use.
    mutating func skip(wireType: Int) throws(ONNXError) {
        switch wireType {
        case 0: _ = try varint()
        case 1: _ = try fixed64()
        case 2: _ = try lengthDelimited()
        case 5: _ = try fixed32()
        default: throw malformed("unsupported wire type \(wireType)")
        }
    }

    func malformed(_ detail: String) -> ONNXError {
        .malformedProtobuf("\(message): \(detail)")
    }
}
