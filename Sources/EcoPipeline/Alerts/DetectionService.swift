import EcoAnalytics
import EcoCore
import EcoStore
import Foundation
import Logging
import Tracing
import ServiceLifecycle

/// Detection on ingest, in the background: a named consumer (`detection`) of the event log's
/// `ecotrack.ingest.observations` topic. For each batch it reads the new points back, scores them with
/// each series' streaming detector and threshold rules (``DetectionEngine``), records anomalies (with
/// their events) and applies alert actions through ``AlertBook``; then it commits its offset. After a
/// restart it resumes from the committed offset, re-learning each series from its recent history.
///
/// One service detects in one ``DetectionPartition`` (by default the whole log): only the points of its
/// series, with its own consumer name, lease and offset. One process at a time runs a partition: the
/// consumer name is leased (``EventLog``), so a second process (a replica or worker on a shared store)
/// waits and takes over when the lease expires. ``PartitionedDetectionService`` spreads several
/// partitions over the processes.
public struct DetectionService: Service {
    /// The consumer of the whole log (one partition).
    public static let consumer = "detection"
    /// How long a lease holds without renewal; renewed every third of it.
    static let defaultLeaseTTLMs: Int64 = 15_000
    /// History replayed into a series' detector the first time this process sees it.
    static let warmUpSpanMs: Int64 = 14 * 86_400_000
    static let warmUpPointLimit = 4_000
    static let eventsPerRead = 256

    /// What detection reads and writes: the event log, observations and threshold rules.
    public struct Ports: Sendable {
        public var log: any EventLog
        public var observations: any ObservationStore
        public var rules: any AlertRuleStore

        public init(log: any EventLog, observations: any ObservationStore, rules: any AlertRuleStore) {
            self.log = log
            self.observations = observations
            self.rules = rules
        }
    }

    let ports: Ports
    let ruleCache: RuleCache
    let book: AlertBook
    let variables: VariableRegistry
    let clock: WallClock
    let minimumAlertSeverity: Severity
    let silenceCheckInterval: Duration
    /// This process's name in the consumer lease.
    let holder: String
    let logger: Logger
    /// The series this service detects in.
    let partition: DetectionPartition
    let leaseTTLMs: Int64

    /// Detection in the whole log, by whichever process holds the lease of `detection`.
    public init(ports: Ports, book: AlertBook, variables: VariableRegistry, clock: WallClock, configuration: EcoConfiguration,
                holder: String, logger: Logger) {
        self.init(ports: ports, book: book, variables: variables, clock: clock, configuration: configuration, holder: holder, logger: logger,
                  partition: .whole)
    }

    /// Detection in one partition; `leaseTTLMs` is shortened by tests only.
    init(ports: Ports, book: AlertBook, variables: VariableRegistry, clock: WallClock, configuration: EcoConfiguration,
         holder: String, logger: Logger, partition: DetectionPartition, leaseTTLMs: Int64 = Self.defaultLeaseTTLMs) {
        self.partition = partition
        self.leaseTTLMs = leaseTTLMs
        self.ports = ports
        ruleCache = RuleCache(store: ports.rules)
        self.book = book
        self.variables = variables
        self.clock = clock
        minimumAlertSeverity = Severity(rawValue: configuration.alertMinimumSeverity) ?? .info
        silenceCheckInterval = .milliseconds(Int64(configuration.silenceCheckSeconds * 1000))
        self.holder = holder
        self.logger = logger
    }

    private var store: any EventLog { ports.log }
    private var observations: any ObservationStore { ports.observations }
    private var consumer: String { partition.consumer }
    var leaseRenewal: Duration { .milliseconds(leaseTTLMs / 3) }

    public func run() async throws {
        // Only the lease holder detects; the others wait for the lease to expire.
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if (try? await store.acquireConsumerLease(consumer, holder: holder, ttlMs: leaseTTLMs, nowMs: clock.nowMs())) == true {
                await detect()
                try? await store.releaseConsumerLease(consumer, holder: holder)
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: leaseRenewal) }
        }
    }

    /// Detects while this process holds the partition's lease (renewing it), until shutdown, the lease
    /// is lost or `handOver` says to let the partition go; commits the offset reached before returning.
    /// The caller took the lease and releases it.
    func detect(handOver: @Sendable () -> Bool = { false }) async {
        var engine = DetectionEngine()
        engine.minimumAlertSeverity = minimumAlertSeverity
        guard let start = await startOffset() else { return }
        var offset = start
        // The offset is committed at most every `commitInterval` while streaming (each commit is a
        // durable write); after a crash the events since are processed again, which changes nothing:
        // anomalies are unique per point and alerts per key.
        var committedOffset = offset
        var lastCommit = ContinuousClock.now
        var nextSilenceCheck = ContinuousClock.now + silenceCheckInterval
        let startedAtMs = clock.nowMs()
        var watchesRecentSeries = false
        var leaseRenewedAt = ContinuousClock.now
        /// Renews the lease when a third of its period has passed; false when another process has taken it.
        func holdsLease() async throws -> Bool {
            guard ContinuousClock.now - leaseRenewedAt >= leaseRenewal else { return true }
            guard try await store.acquireConsumerLease(consumer, holder: holder, ttlMs: leaseTTLMs, nowMs: clock.nowMs()) else {
                logger.warning("detection lease taken by another process; this one stops detecting", metadata: ["partition": "\(partition)"])
                return false
            }
            leaseRenewedAt = ContinuousClock.now
            return true
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully && !handOver() {
            do {
                guard try await holdsLease() else { break }
                let latest = try await store.latestEventOffset()
                let events = try await store.events(after: offset, topics: Self.topics, limit: Self.eventsPerRead)
                if !events.isEmpty {
                    let outcome = try await Traced.span("detection.batch", kind: .consumer, attributes: ["events": .int64(Int64(events.count))]) {
                        try await process(events, engine: &engine)
                    }
                    // Checked again before writing: a batch that outlasted the lease (a stalled process) is
                    // left to the process that took the partition, which detects it from the committed offset.
                    guard try await holdsLease() else { break }
                    try await apply(outcome.anomalies, outcome.actions)
                    offset = events.last!.offset
                }
                // Fewer than asked: every event up to `latest` has been seen (the rest were other topics).
                let caughtUp = events.count < Self.eventsPerRead
                if caughtUp { offset = max(offset, latest) }
                if offset != committedOffset && (!caughtUp || ContinuousClock.now - lastCommit >= Self.commitInterval) {
                    try await store.commitConsumerOffset(consumer, offset: offset)
                    (committedOffset, lastCommit) = (offset, ContinuousClock.now)
                }
                // Only once caught up: a series whose points wait in the log has not fallen silent.
                if caughtUp && ContinuousClock.now >= nextSilenceCheck {
                    if !watchesRecentSeries {
                        try await watchRecentSeries(&engine, startedAtMs: startedAtMs, processedOffset: offset)
                        watchesRecentSeries = true
                    }
                    let silences = engine.silences(atMs: clock.nowMs(), catalogue: variables.catalogue)
                    guard try await holdsLease() else { break }
                    try await apply(silences.anomalies, silences.actions)
                    nextSilenceCheck = ContinuousClock.now + silenceCheckInterval
                }
                if caughtUp {
                    let untilSilenceCheck = nextSilenceCheck - ContinuousClock.now
                    let untilRenewal = leaseRenewal - (ContinuousClock.now - leaseRenewedAt)
                    let wait = min(offset != committedOffset ? min(Self.commitInterval, untilSilenceCheck) : untilSilenceCheck, untilRenewal)
                    _ = try await store.waitForEvents(after: offset, atMost: max(.zero, wait))
                }
            } catch is CancellationError {
                break
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                logger.error("detection failed; retrying", metadata: ["error": "\(error)", "offset": "\(offset)", "partition": "\(partition)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
        if offset != committedOffset { try? await store.commitConsumerOffset(consumer, offset: offset) }
    }

    /// Where the partition resumes (``DetectionPartition/startOffset(committed:)``); nil when the store
    /// does not answer (logged; the caller lets the partition go and claims it again later).
    private func startOffset() async -> Int64? {
        do {
            return partition.startOffset(committed: try await store.consumerOffsets())
        } catch {
            logger.error("detection could not read its offset", metadata: ["error": "\(error)", "partition": "\(partition)"])
            return nil
        }
    }

    static let commitInterval = Duration.milliseconds(500)
    /// What detection reads from the log: new points, and rule changes (to re-read its rules).
    static let topics: Set<String> = [EventTopic.ingestObservations, EventTopic.alertRuleChanged]

    /// Scores the points written by `events`: the anomalies and alert changes to apply.
    func process(_ events: [DomainEvent], engine: inout DetectionEngine) async throws -> (anomalies: [AnomalyRecord], actions: [AlertAction]) {
        ruleCache.invalidate(after: events)
        var ranges: [Int64: (from: Int64, to: Int64)] = [:]
        for event in events {
            for range in IngestEventPayload.timeRanges(of: event) ?? [] where partition.owns(range.seriesId) {
                let known = ranges[range.seriesId]
                ranges[range.seriesId] = (min(known?.from ?? .max, range.fromMs), max(known?.to ?? .min, range.toMs))
            }
        }
        guard !ranges.isEmpty else { return ([], []) }
        let catalogue = variables.catalogue
        let now = clock.nowMs()
        let rules = try await ruleCache.enabledRules()
        // Series already watched are known from memory: only those seen for the first time are read.
        let unknown = Set(ranges.keys.filter { !engine.knows($0) })
        let series = ranges.keys.compactMap { engine.series(of: $0) }
            + (unknown.isEmpty ? [] : try await observations.series(matching: SeriesFilter(ids: unknown)))
        // Warm up series seen for the first time, then read the new points of every series with one
        // store read per distinct time window (a streaming batch usually shares one window).
        var windows: [TimeWindow: [SeriesInfo]] = [:]
        var rulesBySeries: [Int64: [AlertRuleRecord]] = [:]
        let openGroups = try await openDetectorGroups(of: series.filter { ranges[$0.id] != nil && !engine.knows($0.id) })
        for info in series {
            guard let range = ranges[info.id] else { continue }
            let applicable = rules.filter { $0.applies(to: info) }
            rulesBySeries[info.id] = applicable
            if !engine.knows(info.id) {
                engine.warmUp(info, history: try await history(of: info, before: range.from), rules: applicable,
                              openGroups: openGroups[info.id] ?? [], nowMs: now)
            }
            let start = max(range.from, (engine.lastTimeMs(of: info.id) ?? .min) &+ 1)
            guard start <= range.to else { continue }
            windows[TimeWindow(startMs: start, endMs: range.to &+ 1), default: []].append(info)
        }
        var anomalies: [AnomalyRecord] = []
        var actions: [AlertAction] = []
        // What these events' inserts wrote, if the store still holds it: no read-back then.
        let written = observations.writtenPoints(ofEvents: events.map(\.offset))
        for (window, members) in windows {
            let points = if let written { Self.points(of: members, window: window, in: written) } else { try await points(of: members, window: window) }
            for info in members {
                let outcome = engine.process(info, variable: catalogue[info.key.variable], points: points[info.id] ?? [],
                                             rules: rulesBySeries[info.id] ?? [], arrivalMs: now)
                anomalies += outcome.anomalies
                actions += outcome.actions
            }
        }
        engine.forgetBeyondCapacity()
        return (anomalies, actions)
    }

    /// After a (re)start: watches the series that reported within the day before the start, so that
    /// sensors which stop now are noticed although this process has seen nothing from them yet. A series
    /// counts as reporting in real time if its newest point is within its gap threshold of the start.
    ///
    /// The history read here may already hold points whose events arrived after `processedOffset` (an
    /// ingest racing the start): those series are forgotten again, so that processing their events warms
    /// them up from what came before, and scores the new points (a sensor back from a silence gets its notice).
    private func watchRecentSeries(_ engine: inout DetectionEngine, startedAtMs now: Int64, processedOffset: Int64) async throws {
        let rules = try await ruleCache.enabledRules()
        let recent = try await observations.series(matching: SeriesFilter()).filter {
            partition.owns($0.id) && !engine.knows($0.id) && $0.lastObservedAtMs >= now - 86_400_000
        }
        let openGroups = try await openDetectorGroups(of: recent)
        for info in recent {
            let applicable = rules.filter { $0.applies(to: info) }
            engine.warmUp(info, history: try await history(of: info, before: info.lastObservedAtMs + 1), rules: applicable,
                          openGroups: openGroups[info.id] ?? [], nowMs: now)
        }
        let warmed = Set(recent.map(\.id))
        var after = processedOffset
        while true {
            let pending = try await store.events(after: after, topics: [EventTopic.ingestObservations], limit: Self.eventsPerRead)
            for event in pending {
                for range in IngestEventPayload.timeRanges(of: event) ?? [] where warmed.contains(range.seriesId) {
                    if let last = engine.lastTimeMs(of: range.seriesId), range.fromMs <= last { engine.watches[range.seriesId] = nil }
                }
            }
            guard pending.count == Self.eventsPerRead, let last = pending.last else { break }
            after = last.offset
        }
    }

    /// The detector alert groups with an open alert, per series, in one read: a detector warmed up after a
    /// restart knows them, so that those alerts resolve when values are back to normal.
    private func openDetectorGroups(of series: [SeriesInfo]) async throws -> [Int64: Set<String>] {
        guard !series.isEmpty else { return [:] }
        var keys: [String: (series: Int64, group: String)] = [:]
        for info in series {
            for group in DetectionEngine.groups { keys[DetectionEngine.detectorKey(group, seriesID: info.id)] = (info.id, group) }
        }
        var result: [Int64: Set<String>] = [:]
        for key in try await book.openAlerts(dedupKeys: Set(keys.keys)).keys {
            if let owner = keys[key] { result[owner.series, default: []].insert(owner.group) }
        }
        return result
    }

    /// Applies alert actions and records anomalies (with their events), in one transaction.
    private func apply(_ anomalies: [AnomalyRecord], _ actions: [AlertAction]) async throws {
        guard !anomalies.isEmpty || !actions.isEmpty else { return }
        // New and escalating alerts first in the log, then resolutions of other keys (each key keeps its own order).
        let raised = Set(actions.compactMap { action -> String? in if case let .raise(signal, _) = action { signal.dedupKey } else { nil } })
        let ordered = actions.filter { raised.contains($0.dedupKey) } + actions.filter { !raised.contains($0.dedupKey) }
        let events = anomalies.map { anomaly in
            NewEvent(topic: EventTopic.anomalyDetected, key: Self.regionKey(anomaly.h3Index), timeMs: anomaly.timeMs, payloadJSON: anomaly.json)
        }
        try await book.apply(ordered, anomalies: anomalies, anomalyEvents: events)
    }

    /// The points of `series` in `window`, taken from what the store says the batch wrote.
    static func points(of series: [SeriesInfo], window: TimeWindow, in written: [Int64: [(timeMs: Int64, value: Double)]])
        -> [Int64: [(timeMs: Int64, value: Double)]] {
        var result: [Int64: [(timeMs: Int64, value: Double)]] = [:]
        for info in series {
            guard let points = written[info.id] else { continue }
            result[info.id] = points.filter { $0.timeMs >= window.startMs && $0.timeMs < window.endMs }
        }
        return result
    }

    /// The points of `series` in `window`, oldest first per series, paging through the store.
    private func points(of series: [SeriesInfo], window: TimeWindow, limit: Int = .max) async throws -> [Int64: [(timeMs: Int64, value: Double)]] {
        var result: [Int64: [(timeMs: Int64, value: Double)]] = [:]
        var read = 0
        var cursor: ObservationCursor?
        let filter = SeriesFilter(ids: Set(series.map(\.id)))
        let page = 50_000
        while read < limit {
            let rows = try await observations.observations(filter, window: window, after: cursor, limit: min(page, limit - read))
            for row in rows { result[row.series.id, default: []].append((row.observedAtMs, row.value)) }
            read += rows.count
            guard rows.count == page, let last = rows.last else { break }
            cursor = ObservationCursor(seriesID: last.series.id, observedAtMs: last.observedAtMs)
        }
        return result
    }

    /// Recent history before `timeMs` for warming up: up to 14 days, shortened for dense series so
    /// that at most about `warmUpPointLimit` points are read.
    private func history(of series: SeriesInfo, before timeMs: Int64) async throws -> [(timeMs: Int64, value: Double)] {
        var span = Self.warmUpSpanMs
        let estimate = try await observations.estimatedCount(of: [series.id], window: TimeWindow(startMs: timeMs - span, endMs: timeMs))
        if estimate > Self.warmUpPointLimit { span = max(3_600_000, span * Int64(Self.warmUpPointLimit) / Int64(estimate)) }
        return try await points(of: [series], window: TimeWindow(startMs: timeMs - span, endMs: timeMs), limit: Self.warmUpPointLimit * 2)[series.id] ?? []
    }

    /// The resolution-3 parent of a cell, the event log's partition key.
    static func regionKey(_ hex: String) -> String? {
        Spatial.cell(hex: hex).map { Spatial.hex(Spatial.parent(of: $0, resolution: 3)) }
    }
}

extension AlertRuleRecord {
    /// Whether the rule watches this series: same variable, and the series public, or of the rule's
    /// organization (a public rule watches every series).
    func applies(to series: SeriesInfo) -> Bool {
        variable == series.key.variable && (organization.isEmpty || series.key.organization.isEmpty || organization == series.key.organization)
    }
}
