import Foundation
import EcoTime

/// A real series labeled with anomaly windows (NAB style): every alarm outside all windows is false.
public struct WindowLabeledSeries: Sendable {
    /// Where the series comes from, e.g. its path relative to the labeled folder.
    public var name: String
    /// The points in time order; nil values are missing points.
    public var points: [(timeMs: Int64, value: Double?)]
    /// Labeled anomaly windows, ends included, ms since the epoch; empty for a series without anomalies.
    public var windows: [ClosedRange<Int64>]

    public init(name: String, points: [(timeMs: Int64, value: Double?)], windows: [ClosedRange<Int64>]) {
        self.name = name
        self.points = points
        self.windows = windows
    }
}

/// Why a labels file could not be read.
public struct WindowLabelsError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
}

/// Reads NAB's `combined_windows.json`: an object mapping each series file (a path relative to the
/// labeled folder) to a list of `[start, end]` timestamp pairs, empty for a series without anomalies.
public enum WindowLabels {
    /// The windows of every file in `json`, in ms since the epoch, by file path; timestamps are anything
    /// ``Timestamp/parse(_:)`` reads (NAB writes `2014-04-10 07:15:00.000000`, read as UTC).
    public static func parse(_ json: Data) throws(WindowLabelsError) -> [String: [ClosedRange<Int64>]] {
        let object: [String: [[String]]]
        do {
            object = try JSONDecoder().decode([String: [[String]]].self, from: json)
        } catch {
            throw WindowLabelsError(
                description: "The labels file must be a JSON object of file path → list of [start, end] timestamp pairs (\(error)).")
        }
        var windows: [String: [ClosedRange<Int64>]] = [:]
        for (file, pairs) in object {
            windows[file] = try pairs.map { pair throws(WindowLabelsError) in
                guard pair.count == 2, let start = Timestamp.parse(pair[0]), let end = Timestamp.parse(pair[1]), start <= end else {
                    throw WindowLabelsError(description: "\(file): window \(pair) is not a [start, end] pair of timestamps in order.")
                }
                return start...end
            }
        }
        return windows
    }
}
