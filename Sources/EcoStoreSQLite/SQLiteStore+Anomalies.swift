import EcoCore
import EcoStore

extension SQLiteStore {
    /// Stores anomalies; re-detecting a point (a replay after restart) updates its row instead of adding one.
    static func upsert(_ anomalies: [AnomalyRecord], on db: SQLiteConnection) throws {
        guard !anomalies.isEmpty else { return }
        let upsert = try db.statement("""
            INSERT INTO anomalies (\(AlertRows.anomalyColumns), cell) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (series_id, time, kind) DO UPDATE SET variable = excluded.variable, station_id = excluded.station_id,
                h3_index = excluded.h3_index, value = excluded.value, score = excluded.score,
                baseline_mean = excluded.baseline_mean, baseline_std = excluded.baseline_std, severity = excluded.severity,
                organization = excluded.organization, cell = excluded.cell
            """)
        for anomaly in anomalies {
            upsert.bind(1, anomaly.seriesId).bind(2, anomaly.variable).bind(3, anomaly.stationId).bind(4, anomaly.h3Index)
                .bind(5, anomaly.timeMs).bind(6, anomaly.value).bind(7, anomaly.anomalyScore).bind(8, anomaly.baselineMean)
                .bind(9, anomaly.baselineStd).bind(10, anomaly.kind).bind(11, anomaly.severity).bind(12, anomaly.organization)
                .bind(13, orNull: AlertRows.cell15(anomaly.h3Index))
            try upsert.run()
        }
    }

    public func anomalies(variable: String?, cellRanges: [ClosedRange<UInt64>]?, fromMs: Int64?, toMs: Int64?,
                          organizations: Set<String>?, limit: Int) async throws -> [AnomalyRecord] {
        guard limit > 0, cellRanges?.isEmpty != true else { return [] }
        var conditions = AlertRows.Conditions()
        if let variable { conditions.add("variable = ?", .text(variable)) }
        if let cellRanges { conditions.add(cell: "cell", in: cellRanges) }
        if let fromMs { conditions.add("time >= ?", .int(fromMs)) }
        if let toMs { conditions.add("time < ?", .int(toMs)) }
        if let organizations { conditions.add("organization", in: organizations) }
        let limitIndex = conditions.nextIndex
        let finished = conditions
        let sql = "SELECT \(AlertRows.anomalyColumns) FROM anomalies \(conditions.whereClause) ORDER BY time DESC, id DESC LIMIT ?\(limitIndex)"
        let limit = Int64(limit)
        return try await readers.read { db in
            let query = try db.statement(sql)
            finished.bind(query)
            query.bind(limitIndex, limit)
            defer { query.reset() }
            var result: [AnomalyRecord] = []
            while try query.step() { result.append(AlertRows.readAnomaly(query)) }
            return result
        }
    }
}
