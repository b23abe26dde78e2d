import EcoCore
@testable import EcoPipeline
import Foundation
import Testing

/// The hand-written JSON of the time-series answer says exactly what its `Encodable` form says.
@Suite struct TimeseriesJSONTests {
    @Test func handWrittenJSONMatchesTheCodableForm() throws {
        let points = [
            TimeseriesQuery.Point(timestamp: "2024-01-01T00:00:00Z", value: 12.5, summary: Summary([1, 2, 3.5, 10]),
                                  coverage: .init(observed: 23, expected: 24, ratio: 23.0 / 24)),
            TimeseriesQuery.Point(timestamp: "2024-01-02T00:00:00Z", value: .nan, summary: Summary([4]), coverage: nil),
            TimeseriesQuery.Point(timestamp: "2024-01-03T00:00:00Z", value: -0.25, summary: nil, coverage: nil),
        ]
        for statistics in [TimeseriesQuery.Statistics(count: 0), TimeseriesQuery.Statistics(count: 3, mean: 1, min: -2, max: 7.25, stdDev: 0.1)] {
            let body = TimeseriesQuery.Body(h3Index: "872830828ffffff", variable: "pm25", unit: "µg/m³", bucket: "1d", agg: "mean", series: 2,
                                            summarySource: "raw", data: points, statistics: statistics)
            let handWritten = try JSONDecoder().decode(JSONValue.self, from: Data(ByteJSONEncoder.encode(body)))
            let encoder = JSONEncoder()
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            let codable = try JSONDecoder().decode(JSONValue.self, from: encoder.encode(body))
            #expect(handWritten == codable)
        }
    }
}
