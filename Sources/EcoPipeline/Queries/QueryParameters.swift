import EcoCore
import EcoStore
import Foundation

/// Typed access to a read's parameters (an HTTP query string, or the CLI's flags); each getter throws
/// `EcoError.badRequest` naming the parameter, what was wrong and an example of a good value.
public struct QueryParameters: Sendable {
    public let values: [String: String]
    /// Organizations whose series the caller may read ("" = public); nil means all (admins, the local CLI).
    public let readableOrganizations: Set<String>?

    /// Parameters given as name → value (the CLI's flags), with access to every series.
    public init(_ values: [String: String]) {
        self.values = values
        readableOrganizations = nil
    }

    /// Parameters scoped to the series of `readableOrganizations` ("" = public; nil = every series).
    public init(_ values: [String: String], readableOrganizations: Set<String>?) {
        self.values = values
        self.readableOrganizations = readableOrganizations
    }

    public func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// The optional `limit` of a list returned whole, from 1 to `maximum`.
    public func optionalLimit(maximum: Int) throws -> Int? {
        string("limit") == nil ? nil : try int("limit", default: maximum, range: 1...maximum)
    }

    public func required(_ name: String, example: String) throws -> String {
        guard let value = string(name) else { throw EcoError.badRequest("Query parameter '\(name)' is required, e.g. \(name)=\(example).") }
        return value
    }

    public func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = string(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw EcoError.badRequest("'\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound); got '\(text)'.")
        }
        return number
    }

    /// A time as RFC 3339 or epoch milliseconds.
    public func time(_ name: String) throws -> Int64? {
        guard let text = string(name) else { return nil }
        guard let ms = Timestamp.parse(text) else {
            throw EcoError.badRequest("'\(name)' must be an RFC 3339 time or epoch milliseconds, e.g. \(name)=2024-05-01T00:00:00Z; got '\(text)'.")
        }
        return ms
    }

    /// [start, end) from `start`/`end`, open where absent.
    public func window() throws -> TimeWindow {
        let start = try time("start") ?? .min
        let end = try time("end") ?? .max
        guard start < end else { throw EcoError.badRequest("'start' must be before 'end'.") }
        return TimeWindow(startMs: start, endMs: end)
    }

    public func cell(_ name: String) throws -> UInt64? {
        guard let text = string(name) else { return nil }
        guard let cell = Spatial.cell(hex: text) else {
            throw EcoError.badRequest("'\(name)' must be an H3 cell id of 15 hex digits, e.g. \(name)=872830828ffffff; got '\(text)'.")
        }
        return cell
    }

    public func bbox() throws -> BoundingBox? {
        guard let text = string("bbox") else { return nil }
        do { return try BoundingBox(parsing: text) } catch { throw EcoError.badRequest(error.message) }
    }

    public func resolution(default value: Int = Spatial.defaultResolution) throws -> Int {
        try int("resolution", default: value, range: 0...15)
    }

    /// A value from a closed set, with the set listed in the error.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, default value: T) throws -> T where T.RawValue == String {
        guard let text = string(name) else { return value }
        guard let choice = T(rawValue: text) else {
            throw EcoError.badRequest("'\(name)' must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")); got '\(text)'.")
        }
        return choice
    }

    /// The series filter shared by observation reads: variable, h3 region, bbox, source, station.
    public func seriesFilter(catalogue: VariableCatalogue, requireVariable: Bool = false) throws -> SeriesFilter {
        var filter = SeriesFilter()
        if let name = string("variable") {
            do { filter.variable = try catalogue.variable(named: name).name } catch { throw EcoError.badRequest(error.message) }
        } else if requireVariable {
            throw EcoError.badRequest("Query parameter 'variable' is required, e.g. variable=pm25; GET /api/v1/variables lists them.")
        }
        if let cell = try cell("h3") { filter.cellRanges = [Spatial.range15(of: cell)] }
        if let box = try bbox() {
            filter.boundingBox = box
            if filter.cellRanges == nil { filter.cellRanges = Spatial.ranges(covering: box) }
        }
        filter.source = string("source")
        filter.stationId = string("stationId")
        // Row-level scope: restricted series never leave their organization.
        filter.organizations = readableOrganizations
        return filter
    }
}
