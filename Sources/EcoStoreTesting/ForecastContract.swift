import EcoCore
import EcoStore

/// The promises of ``ForecastStore``: a run stored under its key, replaced by the next, touched when
/// asked for, and listed while watched.
enum ForecastContract {
    static func run(_ key: String, data: Int64, created: Int64, requested: Int64) -> StoredForecast {
        StoredForecast(key: key, dataVersionMs: data, runID: "run-\(key)-\(created)", modelName: "ETS(A,N,N)", parametersJSON: #"{"alpha":0.3}"#,
                       bodyJSON: #"{"forecasts":[]}"#, createdAtMs: created, lastRequestedAtMs: requested)
    }

    static let cases: [ContractCase] = [
        ContractCase("ForecastStore", "a run is stored under its key, replaced by the next, and survives reopening") { subject in
            let store = subject.store
            try expect(try await store.forecast(key: "h3=8&v=t") == nil, "no run yet")
            try await store.save(run("h3=8&v=t", data: 10, created: 100, requested: 100))
            let newer = run("h3=8&v=t", data: 20, created: 200, requested: 200)
            try await store.save(newer)
            try expectEqual(try await store.forecast(key: "h3=8&v=t"), newer, "the newest run")
            let reopened = try await subject.reopen()
            try expectEqual(try await reopened.forecast(key: "h3=8&v=t"), newer, "run after reopening")
        },
        ContractCase("ForecastStore", "touching records the latest request and watched runs list newest request first") { subject in
            let store = subject.store
            try await store.save(run("a", data: 1, created: 1, requested: 100))
            try await store.save(run("b", data: 1, created: 1, requested: 200))
            try await store.save(run("c", data: 1, created: 1, requested: 50))
            try await store.touchForecast(key: "a", atMs: 300)
            try await store.touchForecast(key: "b", atMs: 150)  // older than its last request: no change
            try await store.touchForecast(key: "missing", atMs: 400)
            try expectEqual(try await store.forecast(key: "a")?.lastRequestedAtMs, 300, "touched")
            try expectEqual(try await store.forecast(key: "b")?.lastRequestedAtMs, 200, "a late touch does not go back")
            try expectEqual(try await store.watchedForecasts(sinceMs: 100, limit: 10).map(\.key), ["a", "b"], "watched since 100")
            try expectEqual(try await store.watchedForecasts(sinceMs: 0, limit: 2).map(\.key), ["a", "b"], "limit")
        },
    ]
}

/// The promises of ``ModelRegistry``: versions numbered per name, references by number, alias and
/// Production stage, one Production version at a time, and a history of it all.
enum ModelRegistryContract {
    static func version(_ name: String, at createdAtMs: Int64, artifact: [UInt8] = [1, 2, 3]) -> ModelVersion {
        ModelVersion(name: name, algorithm: "rf", task: "classification", parametersJSON: #"{"trees":10}"#, metricsJSON: #"{"accuracy":0.9}"#,
                     datasetSHA256: "ab", createdAtMs: createdAtMs, artifact: artifact)
    }

    static let cases: [ContractCase] = [
        ContractCase("ModelRegistry", "versions are numbered per name and found by number, alias and stage") { subject in
            let store = subject.store
            let first = try await store.registerModel(version("sdm", at: 1, artifact: [1]))
            let second = try await store.registerModel(version("sdm", at: 2, artifact: [2]))
            let other = try await store.registerModel(version("risk", at: 3))
            try expectEqual([first.version, second.version, other.version], [1, 2, 1], "version numbers")
            try expectEqual(try await store.model(named: "sdm", .version(1))?.artifact, [1], "by number, with its artifact")
            try expectEqual(try await store.model(named: "sdm", .latestServing)?.version, 2, "newest without a Production version")
            try await store.setStage(.production, name: "sdm", version: 1, atMs: 10)
            try expectEqual(try await store.model(named: "sdm", .latestServing)?.version, 1, "the Production version")
            try await store.setAlias("champion", name: "sdm", version: 2, atMs: 11)
            try expectEqual(try await store.model(named: "sdm", .alias("champion"))?.version, 2, "by alias")
            try expect(try await store.model(named: "sdm", .alias("nobody")) == nil, "unknown alias")
            try expect(try await store.model(named: "sdm", .version(9)) == nil, "unknown version")
            try await expectThrows(EcoError.self, "a stage for a version that does not exist") {
                try await store.setStage(.staging, name: "sdm", version: 9, atMs: 12)
            }
            let listed = try await store.modelVersions(named: "sdm")
            try expectEqual(Set(listed.map(\.version)), [1, 2], "versions of sdm")
            try expect(listed.allSatisfy(\.artifact.isEmpty), "listings carry no artifacts")
            try expectEqual(try await store.modelVersions(named: nil).count, 3, "every version")
        },
        ContractCase("ModelRegistry", "aliases are listed by name then alias, and a moved alias is listed once, at its new version") { subject in
            let store = subject.store
            _ = try await store.registerModel(version("sdm", at: 1))
            _ = try await store.registerModel(version("sdm", at: 2))
            _ = try await store.registerModel(version("risk", at: 3))
            try expectEqual(try await store.modelAliases(named: nil), [], "no alias yet")
            try await store.setAlias("champion", name: "sdm", version: 1, atMs: 10)
            try await store.setAlias("challenger", name: "sdm", version: 2, atMs: 11)
            try await store.setAlias("champion", name: "sdm", version: 2, atMs: 12)
            try await store.setAlias("champion", name: "risk", version: 1, atMs: 13)
            try await expectThrows(EcoError.self, "an alias for a version that does not exist") {
                try await store.setAlias("ghost", name: "sdm", version: 9, atMs: 14)
            }
            let sdm = [ModelAlias(name: "sdm", alias: "challenger", version: 2), ModelAlias(name: "sdm", alias: "champion", version: 2)]
            try expectEqual(try await store.modelAliases(named: "sdm"), sdm, "the aliases of sdm")
            try expectEqual(try await store.modelAliases(named: nil), [ModelAlias(name: "risk", alias: "champion", version: 1)] + sdm, "every alias")
            try expectEqual(try await store.modelAliases(named: "nobody"), [], "a name without models")
            try expectEqual(try await subject.reopen().modelAliases(named: "risk").map(\.alias), ["champion"], "after reopening")
        },
        ContractCase("ModelRegistry", "promoting to Production archives the previous one, and the history keeps every step") { subject in
            let store = subject.store
            _ = try await store.registerModel(version("sdm", at: 1))
            _ = try await store.registerModel(version("sdm", at: 2))
            try await store.setStage(.production, name: "sdm", version: 1, atMs: 10)
            try await store.setStage(.production, name: "sdm", version: 2, atMs: 20)
            let stages = Dictionary(uniqueKeysWithValues: try await store.modelVersions(named: "sdm").map { ($0.version, $0.stage) })
            try expectEqual(stages, [1: .archived, 2: .production], "stages")
            let history = try await store.modelHistory(named: "sdm").map { "\($0.version) \($0.event)" }
            try expectEqual(history, ["1 registered", "2 registered", "1 stage:Production", "1 stage:Archived", "2 stage:Production"], "history")
            let reopened = try await subject.reopen()
            try expectEqual(try await reopened.model(named: "sdm", .latestServing)?.version, 2, "Production after reopening")
        },
        ContractCase("ModelRegistry", "an artefact key round-trips; tabular versions have none") { subject in
            let store = subject.store
            let key = String(repeating: "ab", count: 32)
            var image = version("reef-classifier", at: 1, artifact: [])
            image.artifactKey = key
            let stored = try await store.registerModel(image)
            _ = try await store.registerModel(version("reef-classifier", at: 2))
            try expectEqual(stored.artifactKey, key, "registration answers the key")
            try expectEqual(try await store.model(named: "reef-classifier", .version(1))?.artifactKey, key, "by number")
            try expectEqual(try await store.model(named: "reef-classifier", .version(2))?.artifactKey, nil, "a tabular version has no key")
            try await store.setAlias("backbone", name: "reef-classifier", version: 1, atMs: 5)
            try expectEqual(try await store.model(named: "reef-classifier", .alias("backbone"))?.artifactKey, key, "by alias")
            let listed = try await store.modelVersions(named: "reef-classifier")
            try expectEqual(listed.map(\.artifactKey), [nil, key], "listings carry the key (newest first)")
            try expectEqual(try await subject.reopen().model(named: "reef-classifier", .version(1))?.artifactKey, key, "after reopening")
        },
    ]
}

/// Promises of the store as a whole: readiness, and no reads after closing.
enum StoreLifecycleContract {
    static let cases: [ContractCase] = [
        ContractCase("EcoStore", "a fresh store is ready, and reopening keeps it ready") { subject in
            try expect(await subject.store.isReady(), "ready when opened")
            try expect(await subject.reopen().isReady(), "ready after reopening")
        },
    ]
}
