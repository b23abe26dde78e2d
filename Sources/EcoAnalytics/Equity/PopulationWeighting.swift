/// Population-weighted exposure of a region: the mean of an indicator over the region's cells, each cell weighted
/// by the people living in it, Σ pᵢxᵢ / Σ pᵢ over the cells that have both a value and a population — the
/// "population-weighted average concentration" of exposure assessment (e.g. US EPA's population-weighted PM2.5
/// design values; WHO's population-weighted annual mean PM2.5, SDG indicator 11.6.2).
public enum PopulationWeighting {
    /// One cell of the region: its indicator value and population, either missing.
    public struct Cell: Sendable, Equatable {
        public var value: Double?
        public var population: Double?

        public init(value: Double?, population: Double?) {
            self.value = value
            self.population = population
        }
    }

    /// The region's summary.
    public struct Summary: Sendable, Equatable {
        public var cells: Int
        public var cellsWithValue: Int
        public var cellsWithPopulation: Int
        /// People in the cells with a population.
        public var population: Double
        /// People in the cells that also have a value: the population the weighted mean describes.
        public var populationWithValue: Double
        /// Σ pᵢxᵢ / Σ pᵢ; nil when no cell has both (or their population is 0).
        public var weightedMean: Double?
        /// The plain mean of the values, each cell once.
        public var cellMean: Double?
        public var minimum: Double?
        public var maximum: Double?
        /// People in cells whose value is above the threshold, when one is given.
        public var populationAbove: Double?
    }

    /// Summarizes `cells`; `threshold` counts the people in cells with a value strictly above it.
    /// - Throws: ``PopulationWeightingError`` for a negative or non-finite population or value.
    public static func summarize(_ cells: [Cell], threshold: Double? = nil) throws(PopulationWeightingError) -> Summary {
        var summary = Summary(cells: cells.count, cellsWithValue: 0, cellsWithPopulation: 0, population: 0, populationWithValue: 0)
        var weighted = 0.0, sum = 0.0, above = 0.0
        for (index, cell) in cells.enumerated() {
            if let p = cell.population {
                guard p.isFinite, p >= 0 else { throw .badPopulation(index: index, value: p) }
                summary.cellsWithPopulation += 1
                summary.population += p
            }
            guard let x = cell.value else { continue }
            guard x.isFinite else { throw .badValue(index: index) }
            summary.cellsWithValue += 1
            sum += x
            summary.minimum = min(summary.minimum ?? x, x)
            summary.maximum = max(summary.maximum ?? x, x)
            if let p = cell.population {
                summary.populationWithValue += p
                weighted += p * x
                if let threshold, x > threshold { above += p }
            }
        }
        if summary.populationWithValue > 0 { summary.weightedMean = weighted / summary.populationWithValue }
        if summary.cellsWithValue > 0 { summary.cellMean = sum / Double(summary.cellsWithValue) }
        if threshold != nil { summary.populationAbove = above }
        return summary
    }
}

/// Why a region cannot be summarized.
public enum PopulationWeightingError: Error, Equatable, CustomStringConvertible {
    case badPopulation(index: Int, value: Double)
    case badValue(index: Int)

    public var description: String {
        switch self {
        case let .badPopulation(index, value): "cell \(index + 1) has population \(value); a population is a count of people, 0 or more"
        case let .badValue(index): "cell \(index + 1) has a value that is not a finite number"
        }
    }
}
