import EcoCore
import EcoStore
import Foundation

/// The promises of ``CarbonStore``: activities (idempotent by client id, indexed reads), factor sets
/// (published ones never change), settings, targets, recommendations with their decisions, gap
/// estimates and import jobs.
enum CarbonContract {
    static let day: Int64 = 86_400_000
    static let t0: Int64 = 1_735_689_600_000  // 2025-01-01

    static func activity(_ organization: String = "acme", client: String? = nil, supplier: String? = "haulier", facility: String? = nil,
                         day n: Int64 = 0, kWh: Double = 100, estimated: Bool = false) -> CarbonActivityRecord {
        var detail = CarbonActivityDetail()
        detail.quantity = kWh
        detail.unit = "kWh"
        return CarbonActivityRecord(organization: organization, clientId: client, supplier: supplier, facility: facility, timeMs: t0 + n * day,
                                    region: "FR", estimated: estimated, kind: "electricity", detail: detail)
    }

    static func recommendation(_ key: String, rank: Int, impact: Double = 100, organization: String = "acme") -> CarbonRecommendationRecord {
        CarbonRecommendationRecord(
            id: UUID().uuidString.lowercased(), organization: organization, key: key, rank: rank, title: "do \(key)",
            leverJSON: #"{"lever":"\#(key)"}"#, impactKg: impact, impactMarketKg: impact, costEstimate: 10, currency: "USD",
            costBasis: "defaults", costPerTonne: 100, feasibility: 0.5, feasibilityReason: "because", evidence: ["fact 1", "fact 2"],
            fromMs: t0, toMs: t0 + 7 * day, createdAtMs: 1, updatedAtMs: 1)
    }

    static let cases: [ContractCase] = activityCases + factorSetCases + planCases + importCases

    static let activityCases: [ContractCase] = [
        ContractCase("CarbonStore", "a resend with the same organization and client id replaces the record") { subject in
            let store = subject.store
            let first = try await store.insertCarbonActivities([activity(client: "a", kWh: 1), activity(client: "b"), activity(kWh: 5), activity(kWh: 5)])
            try expectEqual(first, CarbonInsertSummary(inserted: 4, replaced: 0), "first insert")
            let again = try await store.insertCarbonActivities([activity(client: "a", kWh: 2), activity("other", client: "a"), activity(client: "c"), activity(client: "c", kWh: 9)])
            try expectEqual(again, CarbonInsertSummary(inserted: 2, replaced: 2), "resend: a replaced, other/a and c new, c again replaced")
            let stored = try await store.carbonActivities(CarbonActivityQuery(organization: "acme"))
            try expectEqual(stored.count, 5, "acme's records")
            try expectEqual(stored.first { $0.clientId == "a" }?.detail.quantity, 2, "the resent value")
            try expectEqual(stored.first { $0.clientId == "c" }?.detail.quantity, 9, "the last copy in a batch wins")
            try expectEqual(try await store.carbonOrganizations(), ["acme", "other"], "organizations")
        },
        ContractCase("CarbonStore", "activities come back whole oldest first and filtered by window supplier facility and cell") { subject in
            let store = subject.store
            var full = activity(client: "full", supplier: "haulier", facility: "plant", day: 3)
            full.lat = 48.85
            full.lng = 2.35
            full.scope = 3
            full.category = 4
            full.kind = "transport"
            var detail = CarbonActivityDetail()
            (detail.mode, detail.vehicle, detail.fuel, detail.distanceKm, detail.loadKg) = ("road", "articulated_truck", "diesel", 420, 18_000)
            (detail.tonneKm, detail.loadFactor, detail.emptyRunning, detail.downstream) = (7_560, 0.7, 0.1, true)
            (detail.origin, detail.destination, detail.quantity, detail.unit) = ("Lyon", "Paris", 310, "L")
            (detail.instrument, detail.instrumentShare, detail.instrumentRate, detail.supplierRate) = ("certificate", 0.4, 0.01, 0.2)
            (detail.gas, detail.carrier, detail.cpuHours, detail.wattsPerCpu, detail.pue) = ("R-410A", "steam", 720, 3.5, 1.2)
            full.detail = detail
            var celled = activity(supplier: nil, facility: "plant", day: 1)
            celled.cell = Spatial.cell(hex: "872830828ffffff")
            let records = [full, activity(day: 2), celled, activity(day: 0), activity("other", day: 1)]
            _ = try await store.insertCarbonActivities(records)
            let all = try await store.carbonActivities(CarbonActivityQuery(organization: "acme"))
            try expectEqual(all.map(\.timeMs), [0, 1, 2, 3].map { t0 + $0 * day }, "times, oldest first")
            var read = try unwrap(all.last, "the full record")
            try expect(read.id > 0, "stored records have ids")
            read.id = 0
            try expectEqual(read, full, "every field")
            try expectEqual(all[1].cell, celled.cell, "the client's cell")
            let window = try await store.carbonActivities(CarbonActivityQuery(organization: "acme", fromMs: t0 + day, toMs: t0 + 3 * day))
            try expectEqual(window.map(\.timeMs), [t0 + day, t0 + 2 * day], "[from, to)")
            let plant = try await store.carbonActivities(CarbonActivityQuery(organization: "acme", facility: "plant"))
            try expectEqual(plant.count, 2, "facility plant")
            let haulier = try await store.carbonActivities(CarbonActivityQuery(organization: "acme", supplier: "haulier"))
            try expectEqual(haulier.count, 3, "supplier haulier")
            let paris = Spatial.range15(of: Spatial.parent(of: Spatial.cell15(lat: 48.85, lng: 2.35), resolution: 7))
            try expectEqual(try await store.carbonActivities(CarbonActivityQuery(organization: "acme", cellRange: paris)).map(\.clientId), ["full"], "cell range")
            let celledRange = Spatial.range15(of: celled.cell!)
            try expectEqual(try await store.carbonActivities(CarbonActivityQuery(organization: "acme", cellRange: celledRange)).count, 1, "a coarse cell by its centre child")
            let page = try await store.carbonActivities(CarbonActivityQuery(organization: "acme", limit: 2))
            try expectEqual(page.count, 2, "limit")
            let rest = try await store.carbonActivities(CarbonActivityQuery(organization: "acme", afterTimeMs: page[1].timeMs, afterId: page[1].id))
            try expectEqual((page + rest).map(\.id), all.map(\.id), "keyset pages")
        },
    ]

    static let factorSetCases: [ContractCase] = [
        ContractCase("CarbonStore", "a draft factor set is replaced whole and published ones never change") { subject in
            let store = subject.store
            let set = CarbonFactorSetRecord(id: "acme-1", name: "acme", version: "1", createdAtMs: 10, createdBy: "u1")
            let rows = (0..<3).map { CarbonFactorRow(factorId: "f\($0)", cells: ["id": "f\($0)", "family": "electricity", "co2e": "0.\($0)"]) }
            try await store.saveCarbonFactorSetDraft(set, factors: rows)
            try await store.saveCarbonFactorSetDraft(set, factors: Array(rows.reversed().prefix(2)))
            try expectEqual(try await store.carbonFactorRows(setId: "acme-1").map(\.factorId), ["f2", "f1"], "the second draft, in its order")
            try expectEqual(try await store.carbonFactorSet(id: "acme-1")?.factorCount, 2, "factor count")
            let clash = CarbonFactorSetRecord(id: "acme-1b", name: "acme", version: "1", createdAtMs: 11, createdBy: "u1")
            let error = try await expectThrows(EcoError.self, "same name and version") { try await store.saveCarbonFactorSetDraft(clash, factors: rows) }
            try expectEqual(error.kind, .conflict, "a second set with the same name and version")
            let published = try unwrap(try await store.publishCarbonFactorSet(id: "acme-1", atMs: 20, by: "admin"), "published set")
            try expectEqual(published.status, .published, "status")
            try expectEqual(published.publishedAtMs, 20, "published at")
            try expectEqual(published.publishedBy, "admin", "published by")
            let twice = try await expectThrows(EcoError.self, "publish twice") { try await store.publishCarbonFactorSet(id: "acme-1", atMs: 30, by: "admin") }
            try expectEqual(twice.kind, .conflict, "publishing twice")
            let change = try await expectThrows(EcoError.self, "change a published set") { try await store.saveCarbonFactorSetDraft(set, factors: rows) }
            try expectEqual(change.kind, .conflict, "changing a published set")
            try expectEqual(try await store.publishCarbonFactorSet(id: "nothing", atMs: 1, by: "admin"), nil, "unknown set")
            try await subject.reopen()
            try expectEqual(try await subject.store.carbonFactorRows(setId: "acme-1"), Array(rows.reversed().prefix(2)), "rows after a restart")
            try expectEqual(try await subject.store.carbonFactorSets().map(\.id), ["acme-1"], "listing")
        },
        ContractCase("CarbonStore", "an organization's settings are saved and replaced") { subject in
            let store = subject.store
            try expectEqual(try await store.carbonSettings(organization: "acme"), nil, "no settings yet")
            let first = CarbonSettingsRecord(organization: "acme", factorSetId: "builtin", gwpBasis: "AR6", updatedAtMs: 1, updatedBy: "u1")
            try await store.saveCarbonSettings(first)
            var second = first
            second.factorSetId = "acme-1"
            second.gwpBasis = "AR5"
            second.costParametersJSON = #"{"currency":"EUR"}"#
            second.updatedAtMs = 2
            try await store.saveCarbonSettings(second)
            try expectEqual(try await store.carbonSettings(organization: "acme"), second, "the latest settings")
            try expectEqual(try await store.carbonSettings(organization: "other"), nil, "another organization's")
        },
    ]

    static let planCases: [ContractCase] = [
        ContractCase("CarbonStore", "targets are kept per organization and replaced by id") { subject in
            let store = subject.store
            func target(_ id: String, _ year: Int, _ percent: Double, _ organization: String = "acme") -> CarbonTargetRecord {
                CarbonTargetRecord(organization: organization, id: id, name: "sbti", baseYear: 2020, baseYearKg: 1_000, targetYear: year,
                                   reductionPercent: percent, createdAtMs: 1, createdBy: "u1")
            }
            try await store.saveCarbonTarget(target("b", 2035, 60))
            try await store.saveCarbonTarget(target("a", 2030, 42))
            try await store.saveCarbonTarget(target("a", 2030, 50))
            try await store.saveCarbonTarget(target("a", 2030, 10, "other"))
            try expectEqual(try await store.carbonTargets(organization: "acme"), [target("a", 2030, 50), target("b", 2035, 60)], "acme's targets")
        },
        ContractCase("CarbonStore", "recommendations keep their decisions across proposals and move only forward") { subject in
            let store = subject.store
            let proposed = try await store.proposeCarbonRecommendations([recommendation("rail", rank: 1), recommendation("load", rank: 2), recommendation("gas", rank: 3)], organization: "acme", atMs: 5)
            try expectEqual(proposed.map(\.key), ["rail", "load", "gas"], "open by rank")
            let rail = proposed[0]
            let approved = try unwrap(try await store.decideCarbonRecommendation(id: rail.id, status: .approved, by: "admin-1", atMs: 9, note: "go"), "approved")
            try expectEqual(approved.status, .approved, "status")
            try expectEqual(approved.decidedBy, "admin-1", "who")
            try expectEqual(approved.decidedAtMs, 9, "when")
            try expectEqual(approved.note, "go", "note")
            let refused = try await expectThrows(EcoError.self, "approved → open") { try await store.decideCarbonRecommendation(id: rail.id, status: .approved, by: "x", atMs: 10, note: nil) }
            try expectEqual(refused.kind, .conflict, "approving twice")
            // A new proposal: rail again (decided: left alone), load with new figures (same id), gas gone, solar new.
            let next = try await store.proposeCarbonRecommendations([recommendation("rail", rank: 1, impact: 999), recommendation("solar", rank: 1), recommendation("load", rank: 2, impact: 55)], organization: "acme", atMs: 20)
            try expectEqual(next.map(\.key), ["solar", "load"], "open ones after the new proposal")
            try expectEqual(next[1].id, proposed[1].id, "an open recommendation keeps its id")
            try expectEqual(next[1].impactKg, 55, "and takes the new figures")
            try expectEqual(next[1].createdAtMs, 5, "and its creation time")
            try expectEqual(try await store.carbonRecommendation(id: rail.id)?.impactKg, 100, "a decided one keeps its figures")
            try expectEqual(try await store.carbonRecommendation(id: proposed[2].id), nil, "an open one no longer proposed is gone")
            _ = try await store.decideCarbonRecommendation(id: rail.id, status: .done, by: "analyst", atMs: 30, note: nil)
            _ = try await store.decideCarbonRecommendation(id: next[0].id, status: .dismissed, by: "admin-1", atMs: 31, note: "no roof")
            let all = try await store.carbonRecommendations(organization: "acme", statuses: nil)
            try expectEqual(all.map(\.key), ["load", "solar", "rail"], "open first, then latest decision first")
            try expectEqual(try await store.carbonRecommendations(organization: "acme", statuses: [.done]).map(\.key), ["rail"], "by status")
            let final = try await expectThrows(EcoError.self, "done → dismissed") { try await store.decideCarbonRecommendation(id: rail.id, status: .dismissed, by: "x", atMs: 40, note: nil) }
            try expectEqual(final.kind, .conflict, "a done recommendation is final")
            try expectEqual(try await store.decideCarbonRecommendation(id: "nothing", status: .approved, by: "x", atMs: 1, note: nil), nil, "unknown id")
            try expectEqual(try await store.carbonRecommendations(organization: "other", statuses: nil), [], "another organization's")
        },
        ContractCase("CarbonStore", "gap estimates are replaced per window and dropped when a measurement lands in their period") { subject in
            let store = subject.store
            func estimate(_ supplier: String, day n: Int64) -> CarbonGapEstimateRecord {
                CarbonGapEstimateRecord(organization: "acme", supplier: supplier, periodStartMs: t0 + n * day, periodEndMs: t0 + (n + 1) * day,
                                        kg: 10, lowKg: 8, highKg: 12, method: "forest", createdAtMs: 1)
            }
            try await store.replaceCarbonGapEstimates(organization: "acme", fromMs: t0, toMs: t0 + 10 * day,
                                                      with: [estimate("haulier", day: 2), estimate("haulier", day: 3), estimate("mill", day: 2)])
            try await store.replaceCarbonGapEstimates(organization: "acme", fromMs: t0 + 3 * day, toMs: t0 + 10 * day, with: [estimate("haulier", day: 4)])
            let kept = try await store.carbonGapEstimates(organization: "acme", fromMs: t0, toMs: t0 + 10 * day)
            try expectEqual(kept.map { "\($0.supplier)@\(($0.periodStartMs - t0) / day)" }, ["haulier@2", "haulier@4", "mill@2"], "after the second window")
            var measured = activity(supplier: "haulier", day: 2)
            measured.timeMs += 3_600_000
            let summary = try await store.insertCarbonActivities([measured, activity(supplier: "haulier", day: 4, estimated: true), activity(supplier: "other", day: 2)])
            try expectEqual(summary.estimatesRemoved, 1, "one estimate dropped")
            let left = try await store.carbonGapEstimates(organization: "acme", fromMs: t0, toMs: t0 + 10 * day)
            try expectEqual(left.map { "\($0.supplier)@\(($0.periodStartMs - t0) / day)" }, ["haulier@4", "mill@2"], "an estimated activity or another supplier's drops nothing")
        },
    ]

    static let importCases: [ContractCase] = [
        ContractCase("CarbonStore", "import jobs are claimed once, record progress and row errors, and fail when interrupted") { subject in
            let store = subject.store
            let first = CarbonImportJob(organization: "acme", fileName: "a.csv", createdAtMs: 1, submittedBy: "u1")
            let second = CarbonImportJob(organization: nil, createdAtMs: 2, submittedBy: "admin")
            try await store.enqueueCarbonImport(first, body: Array("type,organization,time\n".utf8))
            try await store.enqueueCarbonImport(second, body: [1, 2, 3])
            let claimed = try unwrap(try await store.claimNextCarbonImport(atMs: 5, holder: "worker-1", leaseMs: 10), "first claim")
            try expectEqual(claimed.job.id, first.id, "oldest first")
            try expectEqual(claimed.job.status, .running, "running")
            try expectEqual(claimed.job.startedAtMs, 5, "started")
            try expectEqual(claimed.body, Array("type,organization,time\n".utf8), "body")
            let errors = [RecordError(index: 1, line: 3, field: "mode", reason: "bad mode"), RecordError(index: 4, line: 6, reason: "bad row")]
            try await store.recordCarbonImportProgress(id: first.id, CarbonImportProgress(CarbonImportCounts(totalRows: 10, processedRows: 5, accepted: 3, rejected: 2, inserted: 3), newErrors: errors))
            try await store.recordCarbonImportProgress(id: first.id, CarbonImportProgress(CarbonImportCounts(totalRows: 10, processedRows: 10, accepted: 7, rejected: 3, inserted: 6, replaced: 1),
                                                                                      newErrors: [RecordError(index: 8, reason: "late")]))
            try await store.finishCarbonImport(id: first.id, status: .succeeded, error: nil, atMs: 9)
            let done = try unwrap(try await store.carbonImport(id: first.id), "finished job")
            try expectEqual(done.counts, CarbonImportCounts(totalRows: 10, processedRows: 10, accepted: 7, rejected: 3, inserted: 6, replaced: 1), "counts")
            try expectEqual(done.status, .succeeded, "status")
            try expectEqual(done.finishedAtMs, 9, "finished")
            try expectEqual(done.fileName, "a.csv", "file name")
            try expectEqual(done.organization, "acme", "organization")
            try expectEqual(try await store.carbonImportErrors(id: first.id, afterIndex: -1, limit: 10), errors + [RecordError(index: 8, reason: "late")], "errors")
            try expectEqual(try await store.carbonImportErrors(id: first.id, afterIndex: 1, limit: 1).map(\.index), [4], "paged errors")
            let running = try unwrap(try await store.claimNextCarbonImport(atMs: 10, holder: "worker-1", leaseMs: 10), "second claim")
            try expectEqual(running.job.id, second.id, "the next one")
            try expectEqual(running.job.organization, nil, "any organization")
            try expectEqual(try await store.claimNextCarbonImport(atMs: 11, holder: "worker-1", leaseMs: 10)?.job.id, nil, "nothing left")
            try await subject.reopen()
            // Claimed at 10 with a lease of 10: from 20 its process counts as dead.
            let failed = try await subject.store.failInterruptedCarbonImports(atMs: 20)
            try expectEqual(failed.map(\.id), [second.id], "the running job is failed once its lease expired")
            try expect(failed.first?.error?.contains("import the file again") == true, "with a sentence saying what to do")
            try expectEqual(try await subject.store.carbonImport(id: UUID()), nil, "unknown job")
        },
        ContractCase("CarbonStore", "a running import with a live lease is not failed, and only its holder renews it") { subject in
            let store = subject.store
            let job = CarbonImportJob(organization: "acme", fileName: "a.csv", createdAtMs: 1, submittedBy: "u1")
            try await store.enqueueCarbonImport(job, body: Array("type,organization,time\n".utf8))
            _ = try await store.claimNextCarbonImport(atMs: 5, holder: "worker-1", leaseMs: 10)
            // Another process starting at 10 finds the import leased to worker-1 until 15.
            try expectEqual(try await store.failInterruptedCarbonImports(atMs: 14).map(\.id), [], "a live lease is left alone")
            try expectEqual(try await store.carbonImport(id: job.id)?.status, .running, "still running")
            try expectEqual(try await store.claimNextCarbonImport(atMs: 10, holder: "worker-2", leaseMs: 10)?.job.id, nil, "not claimed again")
            try expect(try await store.renewCarbonImportLease(id: job.id, holder: "worker-1", untilMs: 40), "the holder renews")
            try expect(try await store.renewCarbonImportLease(id: job.id, holder: "worker-2", untilMs: 90) == false, "another process does not")
            try expect(try await store.renewCarbonImportLease(id: UUID(), holder: "worker-1", untilMs: 90) == false, "an unknown import has no lease")
            try expectEqual(try await store.failInterruptedCarbonImports(atMs: 39).map(\.id), [], "renewed until 40")
            try expectEqual(try await store.failInterruptedCarbonImports(atMs: 40).map(\.id), [job.id], "expired at 40")
            // Failed, the import is no longer the old holder's: its renewal fails, so that runner stops, and its end is not recorded.
            try expect(try await store.renewCarbonImportLease(id: job.id, holder: "worker-1", untilMs: 60) == false, "a failed import has no lease")
            try await store.finishCarbonImport(id: job.id, status: .succeeded, error: nil, atMs: 41)
            try expectEqual(try await store.carbonImport(id: job.id)?.status, .failed, "a stale runner's end changes nothing")
        },
        ContractCase("CarbonStore", "a finished import has no lease to renew") { subject in
            let store = subject.store
            let job = CarbonImportJob(organization: nil, createdAtMs: 1, submittedBy: "admin")
            try await store.enqueueCarbonImport(job, body: [1])
            _ = try await store.claimNextCarbonImport(atMs: 5, holder: "worker-1", leaseMs: 10)
            try await store.finishCarbonImport(id: job.id, status: .succeeded, error: nil, atMs: 6)
            try expect(try await store.renewCarbonImportLease(id: job.id, holder: "worker-1", untilMs: 40) == false, "no lease after the end")
            try expectEqual(try await store.failInterruptedCarbonImports(atMs: 100).map(\.id), [], "a finished import is not failed")
        },
    ]
}
