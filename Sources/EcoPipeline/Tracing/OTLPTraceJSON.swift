import Foundation
import Tracing

/// The OTLP/HTTP JSON body of an export (`ExportTraceServiceRequest`): one resource (the service), one scope, the
/// spans with hex ids, nanosecond times as strings and typed attribute values, per the OTLP JSON mapping.
enum OTLPTraceJSON {
    static func body(spans: [FinishedSpan], serviceName: String) throws -> Data {
        let resource: [String: Any] = ["attributes": [attribute("service.name", .string(serviceName)),
                                                      attribute("telemetry.sdk.name", .string("ecotrack")),
                                                      attribute("telemetry.sdk.language", .string("swift"))]]
        let request: [String: Any] = [
            "resourceSpans": [["resource": resource, "scopeSpans": [["scope": ["name": "ecotrack"], "spans": spans.map(span)]]]],
        ]
        return try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])
    }

    static func span(_ span: FinishedSpan) -> [String: Any] {
        var object: [String: Any] = [
            "traceId": span.identity.traceID, "spanId": span.identity.spanID, "name": span.name, "kind": kind(span.kind),
            "startTimeUnixNano": String(span.startNanos), "endTimeUnixNano": String(span.endNanos),
            "attributes": attributes(span.attributes),
            "events": span.events.map { ["name": $0.name, "timeUnixNano": String($0.nanos), "attributes": attributes($0.attributes)] },
        ]
        if let parent = span.parentSpanID { object["parentSpanId"] = parent }
        if let status = span.status {
            var json: [String: Any] = ["code": status.code == .ok ? 1 : 2]
            if let message = status.message { json["message"] = message }
            object["status"] = json
        }
        return object
    }

    /// OTLP's SpanKind numbers.
    static func kind(_ kind: SpanKind) -> Int {
        switch kind {
        case .internal: 1
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        }
    }

    static func attributes(_ attributes: SpanAttributes) -> [[String: Any]] {
        var list: [[String: Any]] = []
        attributes.forEach { key, value in list.append(attribute(key, value)) }
        return list.sorted { ($0["key"] as? String ?? "") < ($1["key"] as? String ?? "") }
    }

    static func attribute(_ key: String, _ value: SpanAttribute) -> [String: Any] {
        ["key": key, "value": anyValue(value)]
    }

    /// An OTLP AnyValue: 64-bit integers as strings, arrays as `arrayValue`.
    static func anyValue(_ value: SpanAttribute) -> [String: Any] {
        switch value {
        case .int32(let number): ["intValue": String(number)]
        case .int64(let number): ["intValue": String(number)]
        case .double(let number): ["doubleValue": number]
        case .bool(let flag): ["boolValue": flag]
        case .string(let text): ["stringValue": text]
        case .int32Array(let numbers): array(numbers.map { .int32($0) })
        case .int64Array(let numbers): array(numbers.map { .int64($0) })
        case .doubleArray(let numbers): array(numbers.map { .double($0) })
        case .boolArray(let flags): array(flags.map { .bool($0) })
        case .stringArray(let texts): array(texts.map { .string($0) })
        case .stringConvertible(let item): ["stringValue": item.description]
        case .stringConvertibleArray(let items): array(items.map { .string($0.description) })
        default: ["stringValue": "\(value)"]
        }
    }

    private static func array(_ values: [SpanAttribute]) -> [String: Any] { ["arrayValue": ["values": values.map(anyValue)]] }
}
