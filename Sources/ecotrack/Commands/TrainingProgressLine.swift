import EcoCore
import Foundation

/// Training progress on standard error, for local training and for a server job followed with `--wait`:
/// one rewritten line on a terminal, otherwise a line per change of status and per tenth of the way.
final class TrainingProgressLine {
    private let label: String
    private let terminal = isatty(STDERR_FILENO) == 1
    private let started = ContinuousClock.now
    private var lastShown = ""
    private var lastDrawn = ContinuousClock.now - .seconds(1)
    private var lastIteration = 0, lastTotal = 0

    /// - Parameter label: what is training, e.g. `job 42` or `training biodiversity-sdm-rf`.
    init(label: String) { self.label = label }

    /// Shows a server job's `status`, `percent`, `iteration` and `totalIterations`.
    func show(job: JSONValue) {
        var status = "", percent = 0.0, iteration = 0, total = 0
        if case let .string(text)? = job["status"] { status = text }
        if case let .number(value)? = job["percent"] { percent = value }
        if case let .number(value)? = job["iteration"] { iteration = Int(value) }
        if case let .number(value)? = job["totalIterations"] { total = Int(value) }
        show(status: status, percent: percent, iteration: iteration, of: total)
    }

    /// Shows `iteration` of `total` (trees, boosting rounds, optimiser steps over all folds) under `status`.
    func show(status: String, percent: Double, iteration: Int, of total: Int) {
        (lastIteration, lastTotal) = (iteration, total)
        let seconds = Double((ContinuousClock.now - started).components.seconds)
        let text = total > 0
            ? "\(label): \(status) \(String(format: "%5.1f", percent)) % (iteration \(iteration) of \(total), \(Int(seconds)) s)"
            : "\(label): \(status)"
        // On a terminal, at most ten redraws a second; off one, only what changed: the status or the tenth.
        let key = terminal ? status : "\(status) \(Int(percent) / 10)"
        if terminal, key == lastShown, ContinuousClock.now - lastDrawn < .milliseconds(100) { return }
        if !terminal, key == lastShown { return }
        lastShown = key
        lastDrawn = ContinuousClock.now
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K\(text)" : text + "\n").utf8))
    }

    /// Ends the display; with `status`, first shows it at 100 % of the last known total.
    func finish(status: String? = nil) {
        if let status { show(status: status, percent: 100, iteration: lastTotal, of: lastTotal) }
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
