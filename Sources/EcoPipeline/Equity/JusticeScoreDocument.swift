import EcoAnalytics
import EcoCore

/// One input of a justice score as weighed (`GET /api/v1/equity/justice-scores…`).
public struct JusticeWeightDTO: Encodable, Sendable {
    public var indicator: String
    public var kind: JusticeIndicatorKind
    public var weight: Double
}

/// The ranked list of `GET /api/v1/equity/justice-scores`.
public struct JusticeScoreList: Encodable, Sendable {
    /// One cell of the ranking.
    public struct Entry: Encodable, Sendable {
        public var h3Index: String
        /// 1 for the highest score; null for a cell without a score.
        @ExplicitNull public var rank: Int?
        @ExplicitNull public var score: Double?
        @ExplicitNull public var scorePercentile: Double?
        @ExplicitNull public var environmentalPercentile: Double?
        @ExplicitNull public var demographicIndex: Double?
        public var coverage: Double
        /// Inputs of positive weight the cell lacks (never filled in).
        public var missing: [String]
    }

    public var method: String
    public var resolution: Int
    public var windowStart: String
    public var windowEnd: String
    public var weights: [JusticeWeightDTO]
    /// Cells scored (before filters) and cells listed.
    public var scored: Int
    public var count: Int
    public var data: [Entry]
}

/// The breakdown of `GET /api/v1/equity/justice-scores/{h3}`.
public struct JusticeScoreBreakdown: Encodable, Sendable {
    /// One input the cell has.
    public struct Input: Encodable, Sendable {
        public var indicator: String
        public var kind: JusticeIndicatorKind
        public var value: Double
        public var percentile: Double
        public var weight: Double
        @ExplicitNull public var ejIndex: Double?
        public var source: String
        public var date: String
    }

    /// One input the cell lacks, and why when the platform knows.
    public struct Missing: Encodable, Sendable {
        public var indicator: String
        public var kind: JusticeIndicatorKind
        public var weight: Double
        public var reason: String
    }

    public var method: String
    public var h3Index: String
    public var resolution: Int
    public var windowStart: String
    public var windowEnd: String
    @ExplicitNull public var rank: Int?
    /// Cells with a score at this resolution.
    public var scored: Int
    @ExplicitNull public var score: Double?
    @ExplicitNull public var scorePercentile: Double?
    @ExplicitNull public var environmentalPercentile: Double?
    @ExplicitNull public var demographicIndex: Double?
    public var coverage: Double
    public var inputs: [Input]
    public var missing: [Missing]
}

/// The indicators a justice score can use (`GET /api/v1/equity/indicators`).
public struct EquityIndicatorList: Encodable, Sendable {
    public struct Environmental: Encodable, Sendable {
        public var indicator: String
        public var variable: String
        public var description: String
    }

    public var environmental: [Environmental]
    public var socioeconomic: [IndicatorSummary]
    /// Population layers (people per cell), which weight exposures and are not scored.
    public var population: [IndicatorSummary]
}
