import H3

/// Turns records as clients sent them into observations: checks the variable, converts the
/// unit, checks ranges, and places the record in its resolution-15 H3 cell.
public struct ObservationValidator: Sendable {
    public var catalogue: VariableCatalogue
    /// Observations later than this many milliseconds after `nowMs` are rejected as clock errors.
    public var futureToleranceMs: Int64 = 24 * 3_600_000
    /// The earliest accepted time: 1800-01-01, before which there are no instrumental records.
    public var earliestMs: Int64 = -5_364_662_400_000

    /// Conversions already resolved, by variable and unit as sent (normalizing a unit symbol
    /// costs far more than converting a value).
    private var conversions: [ConversionKey: UnitConversion] = [:]
    private struct ConversionKey: Hashable { var variable: String; var unit: String }

    public init(catalogue: VariableCatalogue) {
        self.catalogue = catalogue
    }

    /// The observation for `record`, or why it cannot be accepted.
    /// `index` and `line` locate the record in its batch for the error.
    public mutating func validate(_ record: ObservationRecord, index: Int, line: Int? = nil, nowMs: Int64) -> Result<Observation, RecordError> {
        func fail(_ field: String, _ reason: String) -> Result<Observation, RecordError> {
            .failure(RecordError(index: index, line: line, field: field, reason: reason))
        }
        let variable: Variable
        do { variable = try catalogue.variable(named: record.variable) } catch { return fail("variable", error.message) }

        guard record.value.isFinite else { return fail("value", "value must be a finite number.") }
        let conversion: UnitConversion
        if let unit = record.unit, !unit.isEmpty {
            let key = ConversionKey(variable: variable.name, unit: unit)
            if let known = conversions[key] {
                conversion = known
            } else {
                do { conversion = try UnitConverter.conversion(from: unit, for: variable) } catch { return fail("unit", error.message) }
                conversions[key] = conversion
            }
        } else {
            conversion = .identity
        }
        let value = conversion.apply(record.value)
        guard variable.accepts(value) else {
            let shown = record.unit.map { " (\(record.value) \($0))" } ?? ""
            return fail("value", "\(value.compact) \(variable.unit)\(shown) is outside the valid range of \(variable.name) (\(variable.validRangeDescription)); check the value and its unit.")
        }
        guard record.observedAtMs >= earliestMs, record.observedAtMs <= nowMs + futureToleranceMs else {
            return fail("observedAt", "observedAt must lie between 1800-01-01 and one day from now; check the clock and the time zone.")
        }
        let placed: (lat: Double, lng: Double, cell: UInt64)
        switch place(record) {
        case let .success(position): placed = position
        case let .failure(error): return fail(error.field, error.reason)
        }
        var quality = QualityFlag.good
        if let text = record.quality {
            guard let flag = QualityFlag(text: text) else {
                return fail("quality", "quality '\(text)' is not one of good, suspect, bad, estimated (or 0–3).")
            }
            quality = flag
        }
        let key = SeriesKey(variable: variable.name, source: record.source ?? "", stationId: record.stationId ?? "", cell: placed.cell)
        return .success(Observation(series: key, lat: placed.lat, lng: placed.lng, observedAtMs: record.observedAtMs, value: value, quality: quality))
    }

    private struct PlaceError: Error { var field: String; var reason: String }

    /// Position from lat/lng when given, else from the H3 cell's center.
    private func place(_ record: ObservationRecord) -> Result<(lat: Double, lng: Double, cell: UInt64), PlaceError> {
        if let lat = record.lat, let lng = record.lng {
            guard lat.isFinite, (-90...90).contains(lat) else {
                return .failure(PlaceError(field: "lat", reason: "lat \(lat) must be between -90 and 90 degrees."))
            }
            guard lng.isFinite, (-180...180).contains(lng) else {
                return .failure(PlaceError(field: "lng", reason: "lng \(lng) must be between -180 and 180 degrees."))
            }
            return .success((lat, lng, Spatial.cell15(lat: lat, lng: lng)))
        }
        if record.lat != nil || record.lng != nil {
            return .failure(PlaceError(field: record.lat == nil ? "lat" : "lng", reason: "send both lat and lng, or an h3Index."))
        }
        guard let hex = record.h3Index else {
            return .failure(PlaceError(field: "lat", reason: "a position is required: send lat and lng in degrees, or an h3Index cell."))
        }
        guard let cell = Spatial.cell(hex: hex) else {
            return .failure(PlaceError(field: "h3Index", reason: "h3Index '\(hex)' is not a valid H3 cell; send 15 hex digits such as 872830828ffffff."))
        }
        let center = Spatial.center(of: cell)
        return .success((center.lat, center.lng, Spatial.centerChild15(of: cell)))
    }
}
