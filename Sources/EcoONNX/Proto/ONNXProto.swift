// The subset of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto, IR version 10/11) that EcoONNX reads.
// Field numbers and enum values below are those of onnx.proto; fields we do not use are skipped.

/// ModelProto: the file. Fields 1 ir_version, 2 producer_name, 7 graph, 8 opset_import.
public struct ModelProto: Sendable {
    public var irVersion: Int64 = 0
    public var producerName = ""
    public var opsetImports: [OperatorSetID] = []
    public var graph = GraphProto()

    public init() {}

    /// Decodes a serialized ModelProto (the bytes of a `.onnx` file).
    public init(serialized bytes: [UInt8]) throws(ONNXError) {
        guard !bytes.isEmpty else { throw .malformedProtobuf("ModelProto: the file is empty") }
        var reader = WireReader(bytes, message: "ModelProto")
        var sawGraph = false
        while let (number, wire) = try reader.nextField() {
            switch (number, wire) {
            case (1, 0): irVersion = try reader.int64()
            case (2, 2): producerName = try reader.string()
            case (7, 2):
                var sub = try reader.submessage("GraphProto")
                graph = try GraphProto(&sub)
                sawGraph = true
            case (8, 2):
                var sub = try reader.submessage("OperatorSetIdProto")
                opsetImports.append(try OperatorSetID(&sub))
            default: try reader.skip(wireType: wire)
            }
        }
        guard sawGraph else { throw .malformedProtobuf("ModelProto: no graph (field 7); is this an ONNX model file?") }
    }

    /// The opset version of the default (ai.onnx) domain.
    public var defaultOpset: Int {
        Int(opsetImports.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }?.version ?? 0)
    }
}

/// OperatorSetIdProto: 1 domain, 2 version.
public struct OperatorSetID: Sendable {
    public var domain = ""
    public var version: Int64 = 0

    public init(domain: String = "", version: Int64) {
        self.domain = domain
        self.version = version
    }

    init(_ reader: inout WireReader) throws(ONNXError) {
        while let (number, wire) = try reader.nextField() {
            switch (number, wire) {
            case (1, 2): domain = try reader.string()
            case (2, 0): version = try reader.int64()
            default: try reader.skip(wireType: wire)
            }
        }
    }
}

/// GraphProto: 1 node, 2 name, 5 initializer, 11 input, 12 output (13 value_info is not needed).
public struct GraphProto: Sendable {
    public var nodes: [NodeProto] = []
    public var name = ""
    public var initializers: [TensorProto] = []
    public var inputs: [ValueInfoProto] = []
    public var outputs: [ValueInfoProto] = []

    public init(nodes: [NodeProto] = [], initializers: [TensorProto] = [], inputs: [ValueInfoProto] = [], outputs: [ValueInfoProto] = []) {
        self.nodes = nodes
        self.initializers = initializers
        self.inputs = inputs
        self.outputs = outputs
    }

    init(_ reader: inout WireReader) throws(ONNXError) {
        while let (number, wire) = try reader.nextField() {
            switch (number, wire) {
            case (1, 2):
                var sub = try reader.submessage("NodeProto")
                nodes.append(try NodeProto(&sub))
            case (2, 2): name = try reader.string()
            case (5, 2):
                var sub = try reader.submessage("TensorProto")
                initializers.append(try TensorProto(&sub))
            case (11, 2):
                var sub = try reader.submessage("ValueInfoProto")
                inputs.append(try ValueInfoProto(&sub))
            case (12, 2):
                var sub = try reader.submessage("ValueInfoProto")
                outputs.append(try ValueInfoProto(&sub))
            default: try reader.skip(wireType: wire)
            }
        }
    }
}

/// NodeProto: 1 input, 2 output, 3 name, 4 op_type, 5 attribute, 7 domain.
public struct NodeProto: Sendable {
    public var inputs: [String] = []
    public var outputs: [String] = []
    public var name = ""
    public var opType = ""
    public var domain = ""
    public var attributes: [AttributeProto] = []

    public init(_ opType: String, inputs: [String], outputs: [String], name: String = "", attributes: [AttributeProto] = []) {
        self.opType = opType
        self.inputs = inputs
        self.outputs = outputs
        self.name = name
        self.attributes = attributes
    }

    init(_ reader: inout WireReader) throws(ONNXError) {
        while let (number, wire) = try reader.nextField() {
            switch (number, wire) {
            case (1, 2): inputs.append(try reader.string())
            case (2, 2): outputs.append(try reader.string())
            case (3, 2): name = try reader.string()
            case (4, 2): opType = try reader.string()
            case (5, 2):
                var sub = try reader.submessage("AttributeProto")
                attributes.append(try AttributeProto(&sub))
            case (7, 2): domain = try reader.string()
            default: try reader.skip(wireType: wire)
            }
        }
    }

    /// How the node is named in messages: its name if it has one, else its first output.
    public var label: String { name.isEmpty ? "\(opType) → \(outputs.first ?? "?")" : "\(opType) '\(name)'" }
}

/// AttributeProto: 1 name, 2 f, 3 i, 4 s, 5 t, 7 floats, 8 ints, 20 type (AttributeType: FLOAT 1, INT 2,
/// STRING 3, TENSOR 4, FLOATS 6, INTS 7; graphs and the rest are kept only as their type).
public struct AttributeProto: Sendable {
    public var name = ""
    public var type = 0
    public var f: Float = 0
    public var i: Int64 = 0
    public var s = ""
    public var t: TensorProto?
    public var floats: [Float] = []
    public var ints: [Int64] = []

    public static func int(_ name: String, _ value: Int) -> AttributeProto {
        var a = AttributeProto(); a.name = name; a.type = 2; a.i = Int64(value); return a
    }
    public static func float(_ name: String, _ value: Float) -> AttributeProto {
        var a = AttributeProto(); a.name = name; a.type = 1; a.f = value; return a
    }
    public static func ints(_ name: String, _ values: [Int]) -> AttributeProto {
        var a = AttributeProto(); a.name = name; a.type = 7; a.ints = values.map(Int64.init); return a
    }
    public static func string(_ name: String, _ value: String) -> AttributeProto {
        var a = AttributeProto(); a.name = name; a.type = 3; a.s = value; return a
    }

    init() {}

    init(_ reader: inout WireReader) throws(ONNXError) {
        while let (number, wire) = try reader.nextField() {
            switch (number, wire) {
            case (1, 2): name = try reader.string()
            case (2, 5): f = try reader.float()
            case (3, 0): i = try reader.int64()
            case (4, 2): s = String(decoding: try reader.bytesField(), as: UTF8.self)
            case (5, 2):
                var sub = try reader.submessage("TensorProto")
                t = try TensorProto(&sub)
            case (7, _): try reader.repeated(wireType: wire, into: &floats) { (r: inout WireReader) throws(ONNXError) in try r.float() }
            case (8, _): try reader.repeated(wireType: wire, into: &ints) { (r: inout WireReader) throws(ONNXError) in try r.int64() }
            case (20, 0): type = Int(try reader.int64())
            default: try reader.skip(wireType: wire)
            }
        }
    }
}

/// TensorProto: 1 dims, 2 data_type, 4 float_data, 5 int32_data, 7 int64_data, 8 name, 9 raw_data,
/// 10 double_data, 14 data_location (1 = EXTERNAL). DataType: FLOAT 1, INT32 6, INT64 7, DOUBLE 11.
/// Values of the four supported types are decoded into `floats` (FLOAT, DOUBLE) or `integers` (INT32, INT64).
public struct TensorProto: Sendable {
    public var dims: [Int] = []
    public var dataType = 0
    public var name = ""
    public var floats: [Float] = []
    public var integers: [Int64] = []
    public var isExternal = false

    public static let float = 1, int32 = 6, int64 = 7, double = 11

    public init(name: String, dims: [Int], floats: [Float]) {
        self.name = name; self.dims = dims; self.dataType = Self.float; self.floats = floats
    }

    public init(name: String, dims: [Int], integers: [Int64]) {
        self.name = name; self.dims = dims; self.dataType = Self.int64; self.integers = integers
    }

    init(_ reader: inout WireReader) throws(ONNXError) {
        var raw: ArraySlice<UInt8> = []
        var doubles: [Double] = []
        var ints32: [Int64] = []
        while let (number, wire) = try reader.nextField() {
            switch (number, wire) {
            case (1, _): try reader.repeated(wireType: wire, into: &dims) { (r: inout WireReader) throws(ONNXError) in Int(try r.int64()) }
            case (2, 0): dataType = Int(try reader.int64())
            case (4, _): try reader.repeated(wireType: wire, into: &floats) { (r: inout WireReader) throws(ONNXError) in try r.float() }
            case (5, _): try reader.repeated(wireType: wire, into: &ints32) { (r: inout WireReader) throws(ONNXError) in Int64(Int32(truncatingIfNeeded: try r.int64())) }
            case (7, _): try reader.repeated(wireType: wire, into: &integers) { (r: inout WireReader) throws(ONNXError) in try r.int64() }
            case (8, 2): name = try reader.string()
            case (9, 2): raw = try reader.bytesField()
            case (10, _): try reader.repeated(wireType: wire, into: &doubles) { (r: inout WireReader) throws(ONNXError) in Double(bitPattern: try r.fixed64()) }
            case (14, 0): isExternal = try reader.int64() == 1
            default: try reader.skip(wireType: wire)
            }
        }
        if dims.contains(where: { $0 < 0 }) { throw reader.malformed("tensor '\(name)' has a negative dimension \(dims)") }
        switch dataType {
        case Self.float:
            if !raw.isEmpty { floats = try Self.decodeFloats(raw, name: name) }
        case Self.double:
            floats = raw.isEmpty ? doubles.map { Float($0) } : try Self.decode(raw, width: 8, name: name) { Float(Double(bitPattern: $0)) }
        case Self.int32:
            integers = raw.isEmpty ? ints32 : try Self.decode(raw, width: 4, name: name) { Int64(Int32(truncatingIfNeeded: $0)) }
        case Self.int64:
            if !raw.isEmpty { integers = try Self.decode(raw, width: 8, name: name) { Int64(bitPattern: $0) } }
        default: break
        }
        let count = dims.reduce(1, *)
        let decoded = dataType == Self.float || dataType == Self.double ? floats.count : integers.count
        if !isExternal && [Self.float, Self.double, Self.int32, Self.int64].contains(dataType) && decoded != count {
            throw reader.malformed("tensor '\(name)' of shape \(dims) holds \(decoded) values, expected \(count)")
        }
    }

    /// raw_data of a FLOAT tensor: little-endian IEEE 754 words, read in bulk (the common case, hundreds of MB for VGG16).
    private static func decodeFloats(_ raw: ArraySlice<UInt8>, name: String) throws(ONNXError) -> [Float] {
        guard raw.count % 4 == 0 else {
            throw .malformedProtobuf("TensorProto: raw_data of '\(name)' is \(raw.count) bytes, not a multiple of 4")
        }
        return raw.withUnsafeBytes { bytes in
            [Float](unsafeUninitializedCapacity: bytes.count / 4) { out, initialized in
                for i in 0..<(bytes.count / 4) {
                    out[i] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                }
                initialized = bytes.count / 4
            }
        }
    }

    /// Little-endian words of `width` bytes from raw_data.
    private static func decode<T>(_ raw: ArraySlice<UInt8>, width: Int, name: String, _ make: (UInt64) -> T) throws(ONNXError) -> [T] {
        guard raw.count % width == 0 else {
            throw .malformedProtobuf("TensorProto: raw_data of '\(name)' is \(raw.count) bytes, not a multiple of \(width)")
        }
        var out: [T] = []
        out.reserveCapacity(raw.count / width)
        var index = raw.startIndex
        while index < raw.endIndex {
            var word: UInt64 = 0
            for b in 0..<width { word |= UInt64(raw[index + b]) << (8 * UInt64(b)) }
            out.append(make(word))
            index += width
        }
        return out
    }
}

/// ValueInfoProto: 1 name, 2 type (TypeProto: 1 tensor_type → TypeProto.Tensor: 1 elem_type, 2 shape →
/// TensorShapeProto: 1 dim → Dimension: 1 dim_value, 2 dim_param).
public struct ValueInfoProto: Sendable {
    public var name = ""
    public var elementType = 0
    /// Declared dimensions: a number, or nil for a symbolic (dim_param) or unknown dimension.
    public var shape: [Int?]?

    public init(name: String, elementType: Int = TensorProto.float, shape: [Int?]?) {
        self.name = name; self.elementType = elementType; self.shape = shape
    }

    init(_ reader: inout WireReader) throws(ONNXError) {
        while let (number, wire) = try reader.nextField() {
            switch (number, wire) {
            case (1, 2): name = try reader.string()
            case (2, 2):
                var type = try reader.submessage("TypeProto")
                while let (n, w) = try type.nextField() {
                    guard n == 1, w == 2 else { try type.skip(wireType: w); continue }
                    var tensor = try type.submessage("TypeProto.Tensor")
                    try readTensorType(&tensor)
                }
            default: try reader.skip(wireType: wire)
            }
        }
    }

    private mutating func readTensorType(_ reader: inout WireReader) throws(ONNXError) {
        while let (number, wire) = try reader.nextField() {
            switch (number, wire) {
            case (1, 0): elementType = Int(try reader.int64())
            case (2, 2):
                var dims: [Int?] = []
                var shapeReader = try reader.submessage("TensorShapeProto")
                while let (n, w) = try shapeReader.nextField() {
                    guard n == 1, w == 2 else { try shapeReader.skip(wireType: w); continue }
                    var dim = try shapeReader.submessage("TensorShapeProto.Dimension")
                    var value: Int?
                    while let (dn, dw) = try dim.nextField() {
                        if dn == 1, dw == 0 { value = Int(try dim.int64()) } else { try dim.skip(wireType: dw) }
                    }
                    dims.append(value)
                }
                shape = dims
            default: try reader.skip(wireType: wire)
            }
        }
    }
}
