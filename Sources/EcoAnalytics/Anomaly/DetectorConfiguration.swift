/// Settings of a ``SeriesDetector``; the defaults suit minutely to hourly series of any kind.
///
/// The level adapts in wall-clock time; seasonal and scale rates are per point (or per slot visit).
/// Score thresholds are calibrated (Gaussian-equivalent σ, see ``AnomalyScore/anomalyScore``), so they mean
/// the same false-alarm rate on every series and need no per-series tuning.
public struct DetectorConfiguration: Codable, Sendable, Equatable {
    /// Calibrated score thresholds for info, warning and critical value anomalies; `info` is the alarm threshold.
    public var thresholds: SeverityThresholds
    /// Points seen before any learned anomaly is reported (probation).
    public var warmupPoints: Int
    /// Time from the first point, in milliseconds, before any learned anomaly is reported (probation).
    public var warmupMs: Int64
    /// Seasonal profiles the detector may choose from; it picks the one that predicts best, or none.
    public var seasonalities: [Seasonality]
    /// Time constant of the level's exponential smoothing, ms: a point Δt after the previous one
    /// moves the level by 1 − exp(−Δt/τ) of its (clipped) error, whatever the sampling rate.
    public var levelTimeConstantMs: Double
    /// Adaptation rate of a seasonal slot each time it is visited.
    public var seasonalRate: Double
    /// Per-point adaptation rate of the robust scale (mean absolute residual).
    public var scaleRate: Double
    /// Residuals are clipped at this many standard deviations before they update the model (Huber).
    public var clipSigmas: Double
    /// Smallest standard deviation used for scoring, in the series' unit (guards constant data).
    public var minimumStd: Double
    /// Added to the level and distribution tests' calibrated scores before they meet the thresholds:
    /// those tests look at several points, so their scores are scaled to alarm as rarely as the point test.
    public var evidenceOffsets: EvidenceOffsets
    /// Minimum duration of weak alarms: a score from `thresholds.info` up to `thresholds.warning` alarms only
    /// when the previous point scored at least this much too (two notable points in a row); nil: at once.
    public var weakAlarmPreviousScore: Double?
    /// Corroboration: an alarm below `thresholds.critical` is raised only when one of the latest this many values
    /// (the current one included) was new for the series — farther from its sampled past values than all but
    /// 2 % of values are (see ``SeriesDetector`` and docs/detection.md); nil: no corroboration needed.
    public var novelValueLookback: Int?
    /// Seed of the random draws that choose which past values the novelty sample keeps (the draws are fixed by it,
    /// so a replay is identical). Results must not hinge on it: docs/detection.md reports the spread over seeds.
    public var samplingSeed: UInt64
    /// One incident, one alarm: after a value alarm, further spikes, dips and level shifts are not flagged
    /// until no notable residual (calibrated score ≥ `incidentContinuation`) has been seen for this long, ms,
    /// unless they are more severe than everything flagged in the incident.
    public var refractoryMs: Int64
    /// Calibrated score that keeps an incident open (and its refractory period running).
    public var incidentContinuation: Double
    /// After a silence longer than the gap threshold, this many points re-anchor the level and are never
    /// flagged as spikes, dips or level shifts (the first one carries the `resumed` notice).
    public var resumeSettlingPoints: Int
    /// A run of (near-)repeated values is stuck once it is longer than this many times the longest such
    /// run the series has shown before (learned, slowly forgotten) and at least `stuckMinimumRepeats`.
    public var stuckRunFactor: Double
    /// Fewest repeats (points equal to the previous one) before a run can be called stuck; nil disables.
    public var stuckMinimumRepeats: Int?
    /// Two values closer than this count as a repeat, in the series' unit.
    public var stuckTolerance: Double
    /// Steps smaller than this share of the usual |Δvalue| also count as repeats (a flat line with jitter);
    /// nil: only steps within `stuckTolerance` do.
    public var flatLineRatio: Double?
    /// A value that may legitimately repeat for long (0 for precipitation); runs at it are never stuck.
    public var stuckExemptValue: Double?
    /// A run at the lowest value the series has taken is the series at rest (an idle server at 0, an empty road),
    /// never stuck; its long runs neither alarm nor train the model. false: only `stuckExemptValue` is exempt.
    public var floorRunsAreRest: Bool
    /// A silence longer than this many typical sampling intervals is a gap.
    public var gapIntervals: Double
    /// Fixed gap length in milliseconds; overrides `gapIntervals` when set.
    public var gapMs: Int64?
    /// Physical valid range; values outside are `outOfRange` anomalies and never train the model.
    public var validRange: ValidRange?

    public init(
        thresholds: SeverityThresholds = SeverityThresholds(),
        warmupPoints: Int = 48,
        warmupMs: Int64 = 2 * 86_400_000,
        seasonalities: [Seasonality] = [.daily, .weekly],
        levelTimeConstantMs: Double = 6 * 3_600_000,
        seasonalRate: Double = 0.15,
        scaleRate: Double = 0.02,
        clipSigmas: Double = 3,
        minimumStd: Double = 1e-6,
        evidenceOffsets: EvidenceOffsets = EvidenceOffsets(),
        weakAlarmPreviousScore: Double? = 3,
        novelValueLookback: Int? = 4,
        samplingSeed: UInt64 = 0,
        refractoryMs: Int64 = 6 * 3_600_000,
        incidentContinuation: Double = 3,
        resumeSettlingPoints: Int = 3,
        stuckRunFactor: Double = 2,
        stuckMinimumRepeats: Int? = 5,
        stuckTolerance: Double = 0,
        flatLineRatio: Double? = 0.02,
        stuckExemptValue: Double? = nil,
        floorRunsAreRest: Bool = true,
        gapIntervals: Double = 4,
        gapMs: Int64? = nil,
        validRange: ValidRange? = nil
    ) {
        self.thresholds = thresholds
        self.warmupPoints = warmupPoints
        self.warmupMs = warmupMs
        self.seasonalities = seasonalities
        self.levelTimeConstantMs = levelTimeConstantMs
        self.seasonalRate = seasonalRate
        self.scaleRate = scaleRate
        self.clipSigmas = clipSigmas
        self.minimumStd = minimumStd
        self.evidenceOffsets = evidenceOffsets
        self.weakAlarmPreviousScore = weakAlarmPreviousScore
        self.novelValueLookback = novelValueLookback
        self.samplingSeed = samplingSeed
        self.refractoryMs = refractoryMs
        self.incidentContinuation = incidentContinuation
        self.resumeSettlingPoints = resumeSettlingPoints
        self.stuckRunFactor = stuckRunFactor
        self.stuckMinimumRepeats = stuckMinimumRepeats
        self.stuckTolerance = stuckTolerance
        self.flatLineRatio = flatLineRatio
        self.stuckExemptValue = stuckExemptValue
        self.floorRunsAreRest = floorRunsAreRest
        self.gapIntervals = gapIntervals
        self.gapMs = gapMs
        self.validRange = validRange
    }
}

/// Offsets added to the calibrated scores of the level and distribution tests (Gaussian-equivalent σ).
public struct EvidenceOffsets: Codable, Sendable, Equatable {
    public var level: Double
    public var distribution: Double

    public init(level: Double = 0.5, distribution: Double = 0.75) {
        self.level = level
        self.distribution = distribution
    }
}

/// A repeating pattern the baseline can learn.
public enum Seasonality: String, Codable, Sendable, CaseIterable {
    /// Time of day (UTC): 24 to 288 slots, finer for densely sampled series.
    case daily
    /// Time of day plus an hour-of-week correction of 168 hourly slots (UTC, weeks start on Thursday 1970-01-01).
    case weekly

    /// Length of one cycle in milliseconds.
    public var periodMs: Int64 { self == .daily ? 86_400_000 : 7 * 86_400_000 }
    /// Number of hourly slots in one cycle (the daily profile of a series sampled more often than hourly is finer).
    public var slotCount: Int { self == .daily ? 24 : 168 }
}

/// A closed physical range with optional ends (nil means unbounded), in the variable's unit.
public struct ValidRange: Codable, Sendable, Equatable {
    public var lower: Double?
    public var upper: Double?

    public init(lower: Double? = nil, upper: Double? = nil) {
        self.lower = lower
        self.upper = upper
    }

    /// True when `value` is inside the range (ends included).
    public func contains(_ value: Double) -> Bool {
        if let lower, value < lower { return false }
        if let upper, value > upper { return false }
        return true
    }
}
