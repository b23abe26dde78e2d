import EcoCore
import EcoStore
import Foundation
import Logging
import Tracing

/// Writes one JSON object per line to standard error (one write each, so lines never interleave):
/// time (UTC, milliseconds), level, label, message and metadata
/// (including `hb.request.id` for request logs), and `traceId`/`spanId` when written inside a span, for log shippers to parse.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let bytes = line(for: event)
        bytes.withUnsafeBytes { raw in _ = write(2, raw.baseAddress, raw.count) }
    }

    /// The JSON line (newline included) written for `event`.
    public func line(for event: LogEvent) -> [UInt8] {
        // One access-log line per request: written field by field with the byte-level writer and the
        // fast timestamp formatter (a dictionary sorted and encoded per line cost a tenth of serving
        // /healthz; Foundation's date formatting and JSONEncoder cost more than the whole request).
        var fields: [(key: String, value: String)] = []
        fields.reserveCapacity(metadata.count + (event.metadata?.count ?? 0))
        for (key, value) in metadata { fields.append((Self.fieldName(key), value.description)) }
        for (key, value) in event.metadata ?? [:] { fields.append((Self.fieldName(key), value.description)) }
        // Inside a span (a traced request or job): its ids, to find the trace of a log line and the lines of a trace.
        if let span = ServiceContext.current?.spanIdentity {
            fields.append(("traceId", span.traceID))
            fields.append(("spanId", span.spanID))
        }
        let line = LogLine(time: Timestamp.format(ms: Int64(Date().timeIntervalSince1970 * 1000)), level: event.level.rawValue,
                           label: label, message: event.message.description, fields: fields)
        var bytes = ByteJSONEncoder.encode(writing: line)
        bytes.append(0x0A)
        return bytes
    }

    private static func fieldName(_ key: String) -> String { key == "hb.request.id" ? "requestId" : key }

    /// Bootstraps swift-log with JSON lines at `level` (call once per process).
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// One log line: the fixed fields first, then the metadata; a key set twice keeps its last value
/// (the event's own metadata over the logger's, as swift-log merges them).
private struct LogLine: JSONWritable {
    static let fixed: Set<String> = ["time", "level", "label", "message"]
    var time: String
    var level: String
    var label: String
    var message: String
    var fields: [(key: String, value: String)]

    func writeJSON(to writer: JSONByteWriter) {
        let object = writer.beginObject()
        writer.field("time", in: object); writer.string(time)
        writer.field("level", in: object); writer.string(level)
        writer.field("label", in: object); writer.string(label)
        writer.field("message", in: object); writer.string(message)
        for (index, field) in fields.enumerated() where !Self.fixed.contains(field.key)
            && !fields[(index + 1)...].contains(where: { $0.key == field.key }) {
            writer.field(field.key, in: object); writer.string(field.value)
        }
        writer.end(object)
    }
}
