@testable import EcoCore
import Testing

struct ObservationValidatorTests {
    let validator = ObservationValidator(catalogue: VariableCatalogue())
    let now: Int64 = 1_700_000_000_000

    func validate(_ record: ObservationRecord) -> Result<Observation, RecordError> {
        var validator = validator
        return validator.validate(record, index: 3, line: 4, nowMs: now)
    }

    @Test func validRecordIsConvertedAndPlaced() throws {
        let record = ObservationRecord(variable: "temperature_2m", value: 86, unit: "°F", observedAtMs: now, lat: 48.85, lng: 2.35, source: "demo", stationId: "st-1", quality: "suspect")
        let observation = try validate(record).get()
        #expect(abs(observation.value - 30) < 1e-12)
        #expect(observation.quality == .suspect)
        #expect(observation.series.variable == "temperature_2m" && observation.series.stationId == "st-1")
        #expect(observation.series.cell == Spatial.cell15(lat: 48.85, lng: 2.35))
    }

    @Test(arguments: [
        (ObservationRecord(variable: "pm26", value: 1, observedAtMs: 0, lat: 0, lng: 0), "variable"),
        (ObservationRecord(variable: "pm25", value: -3, observedAtMs: 0, lat: 0, lng: 0), "value"),
        (ObservationRecord(variable: "pm25", value: .nan, observedAtMs: 0, lat: 0, lng: 0), "value"),
        (ObservationRecord(variable: "pm25", value: 3, unit: "furlongs", observedAtMs: 0, lat: 0, lng: 0), "unit"),
        (ObservationRecord(variable: "pm25", value: 3, observedAtMs: 0, lat: 91, lng: 0), "lat"),
        (ObservationRecord(variable: "pm25", value: 3, observedAtMs: 0, lat: 0, lng: 181), "lng"),
        (ObservationRecord(variable: "pm25", value: 3, observedAtMs: 0, lat: 10), "lng"),
        (ObservationRecord(variable: "pm25", value: 3, observedAtMs: 0), "lat"),
        (ObservationRecord(variable: "pm25", value: 3, observedAtMs: 0, h3Index: "zzz"), "h3Index"),
        (ObservationRecord(variable: "pm25", value: 3, observedAtMs: 1_800_000_000_000, lat: 0, lng: 0), "observedAt"),
        (ObservationRecord(variable: "pm25", value: 3, observedAtMs: 0, lat: 0, lng: 0, quality: "great"), "quality"),
    ])
    func badRecordsNameTheField(record: ObservationRecord, field: String) {
        guard case let .failure(error) = validate(record) else {
            Issue.record("accepted a bad record")
            return
        }
        #expect(error.field == field)
        #expect(error.index == 3 && error.line == 4)
        #expect(!error.reason.isEmpty)
    }

    @Test func outOfRangeMessageShowsUnitsAndRange() {
        let record = ObservationRecord(variable: "temperature_2m", value: 400, unit: "K", observedAtMs: 0, lat: 0, lng: 0)
        guard case let .failure(error) = validate(record) else { Issue.record("accepted"); return }
        #expect(error.reason.contains("-90…60 °C"))
        #expect(error.reason.contains("400.0 K"))
    }
}
