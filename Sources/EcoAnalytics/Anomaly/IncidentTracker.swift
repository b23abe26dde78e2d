/// One incident, one alarm. A value alarm (spike, dip, level shift) opens an incident; while it is open,
/// consecutive flagged points extend the same alarm, and a new alarm is raised only for a score at least
/// `escalationMargin` above the incident's highest. The incident closes once no notable residual (score ≥
/// `incidentContinuation`) has been seen for the refractory period.
struct IncidentTracker: Codable, Sendable, Equatable {
    /// A later alarm in an open incident must beat the incident's peak score by this much (Gaussian-equivalent σ).
    static let escalationMargin = 1.5

    /// Highest score flagged in the open incident; nil when no incident is open.
    var peakScore: Double?
    /// Time of the latest notable residual of the open incident, ms.
    var lastNotableMs: Int64 = 0
    /// Whether the previous point was flagged (a run in progress).
    var previousFlagged = false

    /// Decides whether a point whose score reached the alarm threshold (`candidate`) is flagged, and keeps
    /// the incident open while `score` stays ≥ `configuration.incidentContinuation`.
    mutating func admit(candidate: Bool, score: Double, timeMs: Int64, configuration: DetectorConfiguration) -> Bool {
        if peakScore != nil, timeMs - lastNotableMs > configuration.refractoryMs { peakScore = nil }
        var flagged = false
        if candidate {
            if let peak = peakScore {
                flagged = previousFlagged || score > peak + Self.escalationMargin
                if flagged { peakScore = max(peak, score) }
            } else {
                flagged = true
                peakScore = score
            }
        }
        if peakScore != nil, score >= configuration.incidentContinuation { lastNotableMs = timeMs }
        previousFlagged = flagged
        return flagged
    }

    /// Notes a point that could not alarm (warm-up, settling, stuck or out of range): it ends a run.
    mutating func skip() { previousFlagged = false }
}
