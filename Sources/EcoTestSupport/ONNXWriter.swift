import EcoONNX

/// Serializes an EcoONNX ``ModelProto`` to the bytes of an `.onnx` file, so tests can build small models with
/// the same node and tensor types the EcoONNX tests use and send them where a file is expected (HTTP uploads,
/// the CLI). Writes only the fields EcoONNX reads (see the field numbers in `ONNXProto.swift`).
public enum ONNXWriter {
    public static func bytes(of model: ModelProto) -> [UInt8] {
        var out = ProtoBuffer()
        out.varint(1, UInt64(model.irVersion == 0 ? 8 : model.irVersion))
        if !model.producerName.isEmpty { out.string(2, model.producerName) }
        for opset in model.opsetImports {
            var sub = ProtoBuffer()
            if !opset.domain.isEmpty { sub.string(1, opset.domain) }
            sub.varint(2, UInt64(opset.version))
            out.message(8, sub)
        }
        out.message(7, graph(model.graph))
        return out.bytes
    }

    static func graph(_ graph: GraphProto) -> ProtoBuffer {
        var out = ProtoBuffer()
        for node in graph.nodes { out.message(1, self.node(node)) }
        out.string(2, graph.name.isEmpty ? "graph" : graph.name)
        for tensor in graph.initializers { out.message(5, self.tensor(tensor)) }
        for input in graph.inputs { out.message(11, valueInfo(input)) }
        for output in graph.outputs { out.message(12, valueInfo(output)) }
        return out
    }

    static func node(_ node: NodeProto) -> ProtoBuffer {
        var out = ProtoBuffer()
        for input in node.inputs { out.string(1, input) }
        for output in node.outputs { out.string(2, output) }
        if !node.name.isEmpty { out.string(3, node.name) }
        out.string(4, node.opType)
        for attribute in node.attributes { out.message(5, self.attribute(attribute)) }
        if !node.domain.isEmpty { out.string(7, node.domain) }
        return out
    }

    static func attribute(_ attribute: AttributeProto) -> ProtoBuffer {
        var out = ProtoBuffer()
        out.string(1, attribute.name)
        switch attribute.type {
        case 1: out.fixed32(2, attribute.f.bitPattern)
        case 2: out.varint(3, UInt64(bitPattern: attribute.i))
        case 3: out.string(4, attribute.s)
        case 4: if let t = attribute.t { out.message(5, tensor(t)) }
        case 6: for value in attribute.floats { out.fixed32(7, value.bitPattern) }
        case 7: for value in attribute.ints { out.varint(8, UInt64(bitPattern: value)) }
        default: break
        }
        out.varint(20, UInt64(attribute.type))
        return out
    }

    static func tensor(_ tensor: TensorProto) -> ProtoBuffer {
        var out = ProtoBuffer()
        // EcoONNX decodes FLOAT and DOUBLE into `floats`, INT32 and INT64 into `integers`: written back as FLOAT and INT64.
        let isFloat = tensor.dataType == TensorProto.float || tensor.dataType == TensorProto.double
        for dim in tensor.dims { out.varint(1, UInt64(dim)) }
        out.varint(2, UInt64(isFloat ? TensorProto.float : (tensor.dataType == TensorProto.int32 ? TensorProto.int64 : tensor.dataType)))
        out.string(8, tensor.name)
        var raw: [UInt8] = []
        if isFloat {
            for value in tensor.floats { withUnsafeBytes(of: value.bitPattern.littleEndian) { raw += $0 } }
        } else {
            for value in tensor.integers { withUnsafeBytes(of: value.littleEndian) { raw += $0 } }
        }
        out.bytesField(9, raw)
        return out
    }

    static func valueInfo(_ info: ValueInfoProto) -> ProtoBuffer {
        var tensorType = ProtoBuffer()
        tensorType.varint(1, UInt64(info.elementType))
        if let shape = info.shape {
            var shapeProto = ProtoBuffer()
            for dim in shape {
                var dimension = ProtoBuffer()
                if let dim { dimension.varint(1, UInt64(dim)) } else { dimension.string(2, "N") }
                shapeProto.message(1, dimension)
            }
            tensorType.message(2, shapeProto)
        }
        var type = ProtoBuffer()
        type.message(1, tensorType)
        var out = ProtoBuffer()
        out.string(1, info.name)
        out.message(2, type)
        return out
    }
}

/// A protocol-buffers encoder of the few wire types ONNX files use.
struct ProtoBuffer {
    var bytes: [UInt8] = []

    mutating func rawVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func tag(_ field: Int, _ wire: UInt64) { rawVarint(UInt64(field) << 3 | wire) }
    mutating func varint(_ field: Int, _ value: UInt64) { tag(field, 0); rawVarint(value) }
    mutating func fixed32(_ field: Int, _ value: UInt32) {
        tag(field, 5)
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
    mutating func bytesField(_ field: Int, _ value: [UInt8]) { tag(field, 2); rawVarint(UInt64(value.count)); bytes += value }
    mutating func string(_ field: Int, _ value: String) { bytesField(field, Array(value.utf8)) }
    mutating func message(_ field: Int, _ value: ProtoBuffer) { bytesField(field, value.bytes) }
}
