extension EcoMetrics {
    /// `tracing_spans_exported_total`: spans an OTLP collector accepted.
    public func tracingSpansExported(_ count: Int) {
        if count > 0 { registry.makeCounter(name: "tracing_spans_exported_total").increment(by: Int64(count)) }
    }

    /// `tracing_spans_dropped_total`: spans lost to a full queue or a failed export.
    public func tracingSpansDropped(_ count: Int) {
        if count > 0 { registry.makeCounter(name: "tracing_spans_dropped_total").increment(by: Int64(count)) }
    }
}
