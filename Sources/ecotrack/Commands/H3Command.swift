import ArgumentParser
import EcoCore
import Foundation
import H3

/// `ecotrack h3 …`: H3 v4 cell tools over stdin/stdout, compatible with h3-py's answers.
struct H3Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "h3",
        abstract: "H3 v4 cells: encode points, decode centres, outlines, disks, hierarchy, polygon fill.",
        subcommands: [Encode.self, Decode.self, Boundary.self, Outline.self, Disk.self, Parent.self, Children.self, Polyfill.self]
    )

    static func cell(_ text: String) throws -> H3Cell {
        guard let cell = H3Cell(hex: text) else { throw ValidationError(H3Error.invalidCell(text).description) }
        return cell
    }

    /// `lat,lng,res` lines on stdin → one cell per line; a bad line gets `error: …` and exit code 1 at the end.
    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read lat,lng,res lines on stdin; write one cell hex per line.")

        func run() throws {
            var failed = false
            var out = ""
            while let line = readLine() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                if fields.count == 3, let lat = Double(fields[0]), let lng = Double(fields[1]), let res = Int(fields[2]) {
                    do {
                        out += try H3.latLngToCell(latitude: lat, longitude: lng, resolution: res).hex + "\n"
                    } catch {
                        out += "error: \(error)\n"
                        failed = true
                    }
                } else {
                    out += "error: expected 'lat,lng,res' (degrees, degrees, 0...15), got '\(line)'\n"
                    failed = true
                }
                if out.utf8.count > 1 << 16 { print(out, terminator: ""); out = "" }
            }
            print(out, terminator: "")
            if failed { throw ExitCode(1) }
        }
    }

    /// Cell hex lines on stdin → `lat,lng` centres (shortest round-trip doubles).
    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read cell hex lines on stdin; write lat,lng centres.")

        func run() throws {
            var failed = false
            var out = ""
            while let line = readLine() {
                let text = line.trimmingCharacters(in: .whitespaces)
                if let cell = H3Cell(hex: text) {
                    let c = cell.center
                    out += "\(c.latitude),\(c.longitude)\n"
                } else {
                    out += "error: \(H3Error.invalidCell(text))\n"
                    failed = true
                }
                if out.utf8.count > 1 << 16 { print(out, terminator: ""); out = "" }
            }
            print(out, terminator: "")
            if failed { throw ExitCode(1) }
        }
    }

    struct Boundary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a cell's outline as GeoJSON ([lng,lat], closed rings).",
            discussion: """
                A Polygon; a cell across the antimeridian is cut there into a MultiPolygon, and a cell \
                containing a pole reaches it along ±180° (RFC 7946 §3.1.9).
                """)
        @Argument(help: "Cell index in hex, e.g. 872830828ffffff.") var cell: String

        func run() throws { print(Spatial.boundaryGeometry(of: try H3Command.cell(cell).rawValue).json) }
    }

    /// Cell hex lines on stdin → the outline of the set as one GeoJSON geometry.
    struct Outline: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read cell hex lines (one resolution) on stdin; print their outline as GeoJSON.",
            discussion: """
                Shared edges dissolve and holes are kept (h3's cellsToMultiPolygon); the result is cut \
                at the antimeridian as `boundary` is. Pipe `polyfill` into it to see a fill.
                """)

        func run() throws {
            var cells: [UInt64] = []
            while let line = readLine() {
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                cells.append(try H3Command.cell(text).rawValue)
            }
            print(try Spatial.outlineGeometry(of: cells).json)
        }
    }

    struct Disk: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every cell within K steps of CELL, one per line.")
        @Argument(help: "Cell index in hex.") var cell: String
        @Argument(help: "Grid distance k ≥ 0.") var k: Int

        func run() throws {
            for c in try H3.gridDisk(try H3Command.cell(cell), k: k) { print(c.hex) }
        }
    }

    struct Parent: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print CELL's ancestor at resolution RES.")
        @Argument(help: "Cell index in hex.") var cell: String
        @Argument(help: "Resolution 0...15, not finer than the cell's.") var res: Int

        func run() throws { print(try H3Command.cell(cell).parent(at: res).hex) }
    }

    struct Children: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print CELL's descendants at resolution RES, one per line.")
        @Argument(help: "Cell index in hex.") var cell: String
        @Argument(help: "Resolution 0...15, not coarser than the cell's.") var res: Int

        func run() throws {
            for c in try H3Command.cell(cell).children(at: res) { print(c.hex) }
        }
    }

    struct Polyfill: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a GeoJSON Polygon/MultiPolygon/Feature on stdin; print the cells covering it.")
        @Option(help: "Resolution 0...15.") var res: Int
        @Option(help: "center (h3's default), full or overlapping.") var containment: String = "center"

        func run() throws {
            guard let mode = Containment(rawValue: containment) else {
                throw ValidationError("--containment must be center, full or overlapping")
            }
            var text = ""
            while let line = readLine(strippingNewline: false) { text += line }
            let polygons = try GeoPolygon.polygons(fromGeoJSON: text)
            for c in try H3.polygonToCells(polygons, resolution: res, containment: mode) { print(c.hex) }
        }
    }
}
