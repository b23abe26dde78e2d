import EcoCore
import EcoML
import Foundation
import H3

/// Spatial block cross-validation: each row's group is the H3 cell that holds its point at
/// `resolution`, so rows in one cell always share a fold and a test row's near neighbours are not
/// in the training part (random folds overstate skill where samples cluster in space).
///
/// EcoML knows nothing of H3; this turns coordinates into the group labels it takes.
public struct SpatialBlocks: Sendable, Equatable {
    /// H3 resolution of the blocks, 0 (continental) … 15; coarser blocks hold out larger areas.
    public var resolution: Int
    /// Number of folds the blocks are spread over.
    public var folds: Int
    /// CSV column with the latitude in degrees.
    public var latitudeColumn: String
    /// CSV column with the longitude in degrees.
    public var longitudeColumn: String

    /// Blocks at `resolution` over `folds` folds, reading columns `lat` and `lng` unless told otherwise.
    public init(resolution: Int, folds: Int = 5, latitudeColumn: String = "lat", longitudeColumn: String = "lng") {
        self.resolution = resolution
        self.folds = folds
        self.latitudeColumn = latitudeColumn
        self.longitudeColumn = longitudeColumn
    }

    /// The cell (hexadecimal id) of each row of `table`, checked to form at least `folds` blocks.
    ///
    /// - Throws: ``EcoError/badRequest(_:)`` for a resolution outside 0…15, a missing column, a missing,
    ///   non-numeric or out-of-range coordinate (with its CSV line), or fewer occupied cells than folds.
    public func cells(in table: CSVTable) throws -> [String] {
        guard (0...15).contains(resolution) else {
            throw EcoError.badRequest("spatial blocks need an H3 resolution from 0 to 15, got \(resolution)")
        }
        let latitudes = try coordinates(table, column: latitudeColumn, name: "latitude", limit: 90)
        let longitudes = try coordinates(table, column: longitudeColumn, name: "longitude", limit: 180)
        let cells = try zip(latitudes, longitudes).map { try H3.latLngToCell(latitude: $0, longitude: $1, resolution: resolution).hex }
        let distinct = Set(cells).count
        guard distinct >= folds else {
            throw EcoError.badRequest(
                "the rows fall in \(distinct) H3 cell\(distinct == 1 ? "" : "s") at resolution \(resolution) but \(folds) folds were asked; "
                    + "choose a finer resolution (a higher number) or fewer folds")
        }
        return cells
    }

    /// The values of a coordinate column, each finite and within ±`limit` degrees.
    private func coordinates(_ table: CSVTable, column name: String, name kind: String, limit: Double) throws -> [Double] {
        guard let column = table.column(named: name) else {
            let option = kind == "latitude" ? "lat" : "lng"
            throw EcoError.badRequest(
                "spatial blocks read the \(kind) from column \"\(name)\", which the CSV lacks (columns: \(table.header.joined(separator: ", "))); "
                    + "name the \(kind) column with --\(option)-column or \(option)Column")
        }
        return try table.rows.enumerated().map { i, row in
            let cell = row[column].trimmingCharacters(in: .whitespaces)
            // Line numbers count the header as line 1.
            guard let value = Double(cell), value.isFinite else {
                throw EcoError.badRequest(
                    "\(kind) \"\(name)\" on CSV line \(i + 2) is \(cell.isEmpty ? "empty" : "\"\(cell)\", not a number"); every row needs a position for spatial blocks")
            }
            guard abs(value) <= limit else {
                throw EcoError.badRequest(
                    "\(kind) \"\(name)\" on CSV line \(i + 2) is \(cell), outside -\(Int(limit))…\(Int(limit)) degrees; check the column or swap latitude and longitude")
            }
            return value
        }
    }
}

extension SpatialBlocks {
    /// `request` with folds made of these blocks over the rows of `table`.
    public func folding(_ request: CSVTrainingRequest, over table: CSVTable) throws -> CSVTrainingRequest {
        var request = request
        request.crossValidation = .groups(try cells(in: table), folds: folds)
        return request
    }

    /// How the training summary and the registry describe these blocks; `cells` is the number of occupied cells.
    func json(cells: Int?) -> JSONValue {
        .object([
            "resolution": .number(Double(resolution)), "latColumn": .string(latitudeColumn), "lngColumn": .string(longitudeColumn),
            "cells": cells.map { .number(Double($0)) } ?? .null,
        ])
    }
}
