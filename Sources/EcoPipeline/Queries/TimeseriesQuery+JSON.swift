import EcoCore

// The time-series answer written by hand: a year of daily buckets is about 5,000 fields, and the
// generic Codable path cost more than reading and summarising the data. Same bytes as `Encodable`
// (TimeseriesJSONTests compares them).

extension TimeseriesQuery.Body: JSONWritable {
    public func writeJSON(to writer: JSONByteWriter) {
        let object = writer.beginObject()
        writer.field("h3Index", in: object); writer.string(h3Index)
        writer.field("variable", in: object); writer.string(variable)
        writer.field("unit", in: object); writer.string(unit)
        writer.field("bucket", in: object); writer.string(bucket)
        writer.field("agg", in: object); writer.string(agg)
        writer.field("series", in: object); writer.number(series)
        writer.field("summarySource", in: object); writer.string(summarySource)
        writer.field("data", in: object)
        let array = writer.beginArray()
        for point in data {
            writer.element(in: array)
            point.writeJSON(to: writer)
        }
        writer.end(array)
        writer.field("statistics", in: object); statistics.writeJSON(to: writer)
        writer.end(object)
    }
}

extension TimeseriesQuery.Point: JSONWritable {
    public func writeJSON(to writer: JSONByteWriter) {
        let object = writer.beginObject()
        writer.field("timestamp", in: object); writer.string(timestamp)
        writer.field("value", in: object); writer.number(value)
        if let summary { writer.field("summary", in: object); summary.writeJSON(to: writer) }
        if let coverage { writer.field("coverage", in: object); coverage.writeJSON(to: writer) }
        writer.end(object)
    }
}

extension TimeseriesQuery.Coverage: JSONWritable {
    public func writeJSON(to writer: JSONByteWriter) {
        let object = writer.beginObject()
        writer.field("observed", in: object); writer.number(observed)
        writer.field("expected", in: object); writer.number(expected)
        writer.field("ratio", in: object); writer.number(ratio)
        writer.end(object)
    }
}

extension TimeseriesQuery.Statistics: JSONWritable {
    public func writeJSON(to writer: JSONByteWriter) {
        let object = writer.beginObject()
        writer.field("count", in: object); writer.number(count)
        if let mean { writer.field("mean", in: object); writer.number(mean) }
        if let min { writer.field("min", in: object); writer.number(min) }
        if let max { writer.field("max", in: object); writer.number(max) }
        if let stdDev { writer.field("stdDev", in: object); writer.number(stdDev) }
        writer.end(object)
    }
}
