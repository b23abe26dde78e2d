import EcoCore
import EcoML

/// The cross-validation options of `ecotrack train` and of `csv` training jobs, checked in one place.
///
/// At most one way of forming folds: random (`cv` folds, the default 5), the analyst's fold column,
/// or spatial blocks (H3 cells at a resolution, spread over `cv` folds).
public struct FoldOptions: Sendable, Equatable {
    /// Number of folds; 0 skips cross-validation; nil means 5.
    public var cv: Int?
    /// Column whose values are the folds (-1: training only); it is not a feature.
    public var foldColumn: String?
    /// H3 resolution of spatial blocks.
    public var spatialBlocks: Int?
    /// Latitude column of spatial blocks (default `lat`).
    public var latColumn: String?
    /// Longitude column of spatial blocks (default `lng`).
    public var lngColumn: String?

    /// The option names, as spelled by the caller in messages (`--fold-column`, `parameters.foldColumn` …).
    public enum Key: String, Sendable, CaseIterable { case cv, foldColumn, spatialBlocks, latColumn, lngColumn }

    /// Options with nothing set: 5 random folds.
    public init(cv: Int? = nil, foldColumn: String? = nil, spatialBlocks: Int? = nil, latColumn: String? = nil, lngColumn: String? = nil) {
        self.cv = cv
        self.foldColumn = foldColumn
        self.spatialBlocks = spatialBlocks
        self.latColumn = latColumn
        self.lngColumn = lngColumn
    }

    /// The option that decides the folds: `foldColumn`, `spatialBlocks` or `cv`.
    public var decidingKey: Key { foldColumn != nil ? .foldColumn : spatialBlocks != nil ? .spatialBlocks : .cv }

    /// The folds these options ask for: a scheme for `request.crossValidation`, or spatial blocks
    /// (which replace it once the CSV is read).
    ///
    /// - Throws: ``EcoError/badRequest(_:)`` naming the options (with `spelling`) that do not go together.
    public func resolve(target: String, spelling: (Key) -> String) throws -> (scheme: FoldScheme?, blocks: SpatialBlocks?) {
        if let cv, cv < 0 || cv == 1 {
            throw EcoError.badRequest("\(spelling(.cv)) must be 0 (no cross-validation) or at least 2, got \(cv).")
        }
        if spatialBlocks == nil, let stray = [Key.latColumn, .lngColumn].first(where: { self[$0] != nil }) {
            throw EcoError.badRequest("\(spelling(stray)) applies to \(spelling(.spatialBlocks)) only; add \(spelling(.spatialBlocks)) or remove it.")
        }
        if let foldColumn {
            if let other = [Key.cv, .spatialBlocks].first(where: { self[$0] != nil }) {
                throw EcoError.badRequest("\(spelling(.foldColumn)): the column's values are the folds; remove \(spelling(other)).")
            }
            guard !foldColumn.isEmpty, foldColumn != target else {
                throw EcoError.badRequest("\(spelling(.foldColumn)) must name a column of the CSV other than the target.")
            }
            return (.column(foldColumn), nil)
        }
        if let resolution = spatialBlocks {
            guard (0...15).contains(resolution) else {
                throw EcoError.badRequest("\(spelling(.spatialBlocks)) must be an H3 resolution from 0 to 15, got \(resolution).")
            }
            guard cv != 0 else {
                throw EcoError.badRequest("\(spelling(.spatialBlocks)) is a way of cross-validating; \(spelling(.cv)) must be at least 2 (default 5).")
            }
            return (nil, SpatialBlocks(resolution: resolution, folds: cv ?? 5, latitudeColumn: latColumn ?? "lat", longitudeColumn: lngColumn ?? "lng"))
        }
        let k = cv ?? 5
        return (k == 0 ? nil : .random(folds: k), nil)
    }

    /// The value of option `key`, nil when not set.
    subscript(key: Key) -> JSONValue? {
        switch key {
        case .cv: cv.map { .number(Double($0)) }
        case .foldColumn: foldColumn.map { .string($0) }
        case .spatialBlocks: spatialBlocks.map { .number(Double($0)) }
        case .latColumn: latColumn.map { .string($0) }
        case .lngColumn: lngColumn.map { .string($0) }
        }
    }

    /// The options that are set, as `csv` job parameters (keyed by ``Key`` raw values).
    public var jobParameters: [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for key in Key.allCases { out[key.rawValue] = self[key] }
        return out
    }
}
