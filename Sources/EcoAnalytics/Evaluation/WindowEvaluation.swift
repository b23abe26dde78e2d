/// Event-level outcome of one labeled series: which windows were found, how many false alarms.
///
/// An alarm is a run of consecutive flagged points; a window is found when a flagged point lies in it;
/// an alarm none of whose points lies in a window is a false alarm.
public struct SeriesWindowScore: Sendable, Equatable {
    public var name: String
    public var pointCount: Int
    public var windowCount: Int
    public var windowsFound: Int
    /// Runs of consecutive flagged points.
    public var alarms: Int
    /// Alarms that touch no labeled window.
    public var falseAlarms: Int
    /// Alarms that touch a labeled window.
    public var trueAlarms: Int { alarms - falseAlarms }
    /// NAB raw score of the alarms' first points, standard profile (see ``NABScore``).
    public var nabRaw: Double
}

/// Totals of ``SeriesWindowScore``s: window recall, precision, F1, false alarms per 1,000 points, NAB score.
public struct WindowScoreTotals: Sendable, Equatable {
    public var seriesCount = 0
    public var pointCount = 0
    public var windowCount = 0
    public var windowsFound = 0
    public var alarms = 0
    public var falseAlarms = 0
    /// Points of the series without any labeled window, and the alarms raised on them (all false).
    public var pointsWithoutWindows = 0
    public var falseAlarmsWithoutWindows = 0
    public var nabRaw = 0.0

    public init(_ scores: some Sequence<SeriesWindowScore>) {
        for score in scores {
            seriesCount += 1
            pointCount += score.pointCount
            windowCount += score.windowCount
            windowsFound += score.windowsFound
            alarms += score.alarms
            falseAlarms += score.falseAlarms
            nabRaw += score.nabRaw
            if score.windowCount == 0 {
                pointsWithoutWindows += score.pointCount
                falseAlarmsWithoutWindows += score.falseAlarms
            }
        }
    }

    /// Share of labeled windows found.
    public var recall: Double { windowCount == 0 ? 0 : Double(windowsFound) / Double(windowCount) }
    /// Share of alarms that touch a labeled window (event-level precision).
    public var precision: Double { alarms == 0 ? 0 : Double(alarms - falseAlarms) / Double(alarms) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    /// False alarms per 1,000 points on the series without labeled windows; nil when there are none.
    public var falseAlarmsPerThousandWithoutWindows: Double? {
        pointsWithoutWindows == 0 ? nil : 1000 * Double(falseAlarmsWithoutWindows) / Double(pointsWithoutWindows)
    }
    /// False alarms per 1,000 points over all series.
    public var falseAlarmsPerThousand: Double { pointCount == 0 ? 0 : 1000 * Double(falseAlarms) / Double(pointCount) }
    /// NAB score normalised as NAB does: 0 for a detector that never alarms, 100 for a perfect one.
    public var nabScore: Double { NABScore.normalised(raw: nabRaw, windowCount: windowCount) }
}

/// Scores flagged points against labeled windows, event by event (see ``SeriesWindowScore``).
public enum WindowEvaluation {
    /// The event-level score of `flags` (one per point of `series`, true when the point is flagged).
    public static func score(_ series: WindowLabeledSeries, flags: [Bool]) -> SeriesWindowScore {
        precondition(flags.count == series.points.count, "one flag per point")
        let inWindow: [Int?] = series.points.map { point in series.windows.firstIndex { $0.contains(point.timeMs) } }
        var found = Set<Int>()
        var alarms = 0
        var falseAlarms = 0
        var onsets: [Int] = []
        var index = 0
        while index < flags.count {
            guard flags[index] else {
                index += 1
                continue
            }
            let start = index
            var touchesWindow = false
            while index < flags.count, flags[index] {
                if let window = inWindow[index] {
                    found.insert(window)
                    touchesWindow = true
                }
                index += 1
            }
            alarms += 1
            onsets.append(start)
            if !touchesWindow { falseAlarms += 1 }
        }
        return SeriesWindowScore(
            name: series.name, pointCount: series.points.count, windowCount: series.windows.count, windowsFound: found.count,
            alarms: alarms, falseAlarms: falseAlarms,
            nabRaw: NABScore.raw(detections: onsets, times: series.points.map(\.timeMs), windows: series.windows))
    }

    /// The series held out of development: within each folder (the part of the name before the last `/`),
    /// sorted by name, every third one (positions 2, 5, 8, … counting from 0).
    public static func holdOut(_ names: [String]) -> Set<String> {
        let folders = Dictionary(grouping: names) { name in name.split(separator: "/").dropLast().joined(separator: "/") }
        var held = Set<String>()
        for members in folders.values {
            for (position, name) in members.sorted().enumerated() where position % 3 == 2 { held.insert(name) }
        }
        return held
    }
}
