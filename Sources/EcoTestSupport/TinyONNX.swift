/// Writes small ONNX models (protocol buffers, the fields of onnx.proto that EcoONNX reads) for tests that need
/// model files rather than in-memory graphs: a backbone to upload, register or train a head on.
public enum TinyONNX {
    /// One node of a graph.
    public struct Node: Sendable {
        public var opType: String
        public var inputs: [String]
        public var outputs: [String]
        /// Integer-list attributes (`axis` is a one-element list written as an int).
        public var ints: [String: [Int64]]

        public init(_ opType: String, _ inputs: [String], _ outputs: [String], ints: [String: [Int64]] = [:]) {
            self.opType = opType
            self.inputs = inputs
            self.outputs = outputs
            self.ints = ints
        }
    }

    /// A float tensor constant (initializer).
    public struct Constant: Sendable {
        public var name: String
        public var shape: [Int]
        public var values: [Float]

        public init(_ name: String, shape: [Int], values: [Float]) {
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// The model file: opset 17, one float input `input` of `inputShape` (nil = a dynamic dimension), the given
    /// outputs (shapes left open).
    public static func model(nodes: [Node], constants: [Constant] = [], input: String = "input", inputShape: [Int?],
                             outputs: [String]) -> [UInt8] {
        var graph: [UInt8] = []
        for node in nodes {
            var body: [UInt8] = []
            for name in node.inputs { body += field(1, string: name) }
            for name in node.outputs { body += field(2, string: name) }
            body += field(3, string: node.outputs.first ?? node.opType)
            body += field(4, string: node.opType)
            for (name, values) in node.ints.sorted(by: { $0.key < $1.key }) {
                var attribute = field(1, string: name)
                if name == "axis" || values.count == 1 && ["group", "keepdims", "transA", "transB"].contains(name) {
                    attribute += tag(3, 0) + varint(UInt64(bitPattern: values[0])) + tag(20, 0) + varint(2)
                } else {
                    for value in values { attribute += tag(8, 0) + varint(UInt64(bitPattern: value)) }
                    attribute += tag(20, 0) + varint(7)
                }
                body += field(5, bytes: attribute)
            }
            graph += field(1, bytes: body)
        }
        graph += field(2, string: "tiny")
        for constant in constants {
            var tensor: [UInt8] = []
            for dim in constant.shape { tensor += tag(1, 0) + varint(UInt64(dim)) }
            tensor += tag(2, 0) + varint(1)
            tensor += field(8, string: constant.name)
            var raw: [UInt8] = []
            for value in constant.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { raw += $0 } }
            tensor += field(9, bytes: raw)
            graph += field(5, bytes: tensor)
        }
        graph += field(11, bytes: valueInfo(input, shape: inputShape))
        for output in outputs { graph += field(12, bytes: valueInfo(output, shape: nil)) }
        var model = tag(1, 0) + varint(8)
        model += field(7, bytes: graph)
        model += field(8, bytes: field(1, string: "") + tag(2, 0) + varint(17))
        return model
    }

    private static func valueInfo(_ name: String, shape: [Int?]?) -> [UInt8] {
        var tensorType = tag(1, 0) + varint(1)
        if let shape {
            var dims: [UInt8] = []
            for dim in shape {
                dims += field(1, bytes: dim.map { tag(1, 0) + varint(UInt64($0)) } ?? field(2, string: "N"))
            }
            tensorType += field(2, bytes: dims)
        }
        return field(1, string: name) + field(2, bytes: field(1, bytes: tensorType))
    }

    private static func tag(_ number: Int, _ wire: Int) -> [UInt8] { varint(UInt64(number << 3 | wire)) }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var value = value, out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
        return out
    }

    private static func field(_ number: Int, bytes: [UInt8]) -> [UInt8] { tag(number, 2) + varint(UInt64(bytes.count)) + bytes }
    private static func field(_ number: Int, string: String) -> [UInt8] { field(number, bytes: Array(string.utf8)) }
}
