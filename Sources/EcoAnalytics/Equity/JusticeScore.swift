/// An environmental justice score per cell in the style of EPA's EJScreen (Technical Documentation, October
/// 2022, §3 "EJ Indexes" and §4 "Percentiles"):
///
/// 1. every input becomes its percentile rank among the cells that have it (``PercentileRank``);
/// 2. the environmental percentile E is the weighted mean of the environmental burdens' percentiles;
/// 3. the demographic index D (0–1) is the weighted mean of the socio-economic percentiles / 100: EJScreen
///    averages raw percentages, but imported indicators come in different units, so their percentiles are averaged;
/// 4. the score is E × D (EJScreen 2.x: EJ index = environmental percentile × demographic index), 0–100, and
///    each burden's own EJ index is its percentile × D;
/// 5. `scorePercentile` ranks the score among the scored cells.
///
/// A missing input is never filled in: the means of 2 and 3 run over the inputs the cell has, the missing ones
/// are listed, and `coverage` says how much of the weight was present. A cell without any environmental or any
/// socio-economic input (of positive weight) has no score.
public enum JusticeScore {
    /// One measured input of a cell.
    public struct Measurement: Sendable, Equatable {
        public var value: Double
        public var source: String
        /// The date or period the value describes.
        public var date: String

        public init(value: Double, source: String, date: String) {
            self.value = value
            self.source = source
            self.date = date
        }
    }

    /// One input of a cell's breakdown.
    public struct Component: Sendable, Equatable {
        public var indicator: String
        public var kind: JusticeIndicatorKind
        public var weight: Double
        public var value: Double
        /// Percentile rank (0–100) among the cells with this input.
        public var percentile: Double
        /// Environmental burdens: percentile × demographic index (nil without a demographic index).
        public var ejIndex: Double?
        public var source: String
        public var date: String
    }

    /// The score of one cell.
    public struct Cell: Sendable, Equatable {
        public var cell: UInt64
        /// E × D, 0–100; nil when a group has no input.
        public var score: Double?
        public var scorePercentile: Double?
        /// E, 0–100.
        public var environmentalPercentile: Double?
        /// D, 0–1.
        public var demographicIndex: Double?
        public var components: [Component]
        /// Inputs (of positive weight) the cell lacks, by name.
        public var missing: [String]
        /// The share of the weight present, as the mean over the two groups (1 when nothing is missing).
        public var coverage: Double
    }

    /// Scores of every cell of `inputs` (cell → indicator name → measurement) for `indicators`, in cell order.
    public static func score(_ inputs: [UInt64: [String: Measurement]], indicators: [JusticeIndicator]) -> [Cell] {
        var ranks: [String: PercentileRank] = [:]
        for indicator in indicators {
            ranks[indicator.name] = PercentileRank(inputs.values.compactMap { $0[indicator.name]?.value })
        }
        var cells = inputs.keys.sorted().map { cell in
            scoreCell(cell, inputs[cell]!, indicators: indicators, ranks: ranks)
        }
        let scores = PercentileRank(cells.compactMap(\.score))
        for index in cells.indices {
            cells[index].scorePercentile = cells[index].score.flatMap(scores.percentile(of:))
        }
        return cells
    }

    static func scoreCell(_ cell: UInt64, _ measured: [String: Measurement], indicators: [JusticeIndicator],
                          ranks: [String: PercentileRank]) -> Cell {
        var components: [Component] = []
        var missing: [String] = []
        var means: [JusticeIndicatorKind: (sum: Double, weight: Double, total: Double)] = [:]
        for indicator in indicators {
            means[indicator.kind, default: (0, 0, 0)].total += indicator.weight
            guard let input = measured[indicator.name], let percentile = ranks[indicator.name]?.percentile(of: input.value) else {
                if indicator.weight > 0 { missing.append(indicator.name) }
                continue
            }
            means[indicator.kind, default: (0, 0, 0)].sum += indicator.weight * percentile
            means[indicator.kind, default: (0, 0, 0)].weight += indicator.weight
            components.append(Component(indicator: indicator.name, kind: indicator.kind, weight: indicator.weight, value: input.value,
                                        percentile: percentile, ejIndex: nil, source: input.source, date: input.date))
        }
        func mean(_ kind: JusticeIndicatorKind) -> Double? {
            guard let entry = means[kind], entry.weight > 0 else { return nil }
            return entry.sum / entry.weight
        }
        let environmental = mean(.environmental)
        let demographic = mean(.socioeconomic).map { $0 / 100 }
        if let demographic {
            for index in components.indices where components[index].kind == .environmental {
                components[index].ejIndex = components[index].percentile * demographic
            }
        }
        let shares = JusticeIndicatorKind.allCases.map { kind -> Double in
            guard let entry = means[kind], entry.total > 0 else { return 1 }
            return entry.weight / entry.total
        }
        let score = environmental.flatMap { e in demographic.map { e * $0 } }
        return Cell(cell: cell, score: score, scorePercentile: nil, environmentalPercentile: environmental, demographicIndex: demographic,
                    components: components, missing: missing, coverage: shares.reduce(0, +) / Double(shares.count))
    }
}
