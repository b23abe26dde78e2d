import EcoCore
import EcoStore
import Foundation
import Logging

/// Writes one JSON object per line to standard error (one write each, so lines never interleave):
/// time (UTC, milliseconds), level, label, message and metadata
/// (including `hb.request.id` for request logs), for log shippers to parse.
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
        // One access-log line per request: written with the byte-level encoder and the fast timestamp
        // formatter (Foundation's date formatting and JSONEncoder cost more than serving /healthz).
        var object: [String: String] = [
            "time": Timestamp.format(ms: Int64(Date().timeIntervalSince1970 * 1000)),
            "level": event.level.rawValue,
            "label": label,
            "message": event.message.description,
        ]
        for (key, value) in metadata { object[key == "hb.request.id" ? "requestId" : key] = value.description }
        for (key, value) in event.metadata ?? [:] { object[key == "hb.request.id" ? "requestId" : key] = value.description }
        guard var line = try? ByteJSONEncoder.encode(object) else { return }
        line.append(0x0A)
        line.withUnsafeBytes { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    }

    /// Bootstraps swift-log with JSON lines at `level` (call once per process).
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
