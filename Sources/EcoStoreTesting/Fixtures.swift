import EcoCore
import EcoStore
import H3

/// Builders shared by the contract cases.
enum Fixture {
    static let hour: Int64 = 3_600_000

    static func cell(_ lat: Double, _ lng: Double) -> UInt64 {
        H3.latLngToCellIndex(latitude: lat, longitude: lng, resolution: 15)
    }

    static func observation(_ station: String, cell: UInt64, t: Int64, _ value: Double, variable: String = "temperature_2m") -> Observation {
        Observation(series: SeriesKey(variable: variable, source: "test", stationId: station, cell: cell), lat: 1, lng: 2, observedAtMs: t, value: value)
    }

    static func event(_ topic: String = "test.topic", key: String? = nil, t: Int64 = 1, _ payload: String = "{}") -> NewEvent {
        NewEvent(topic: topic, key: key, timeMs: t, payloadJSON: payload)
    }
}
