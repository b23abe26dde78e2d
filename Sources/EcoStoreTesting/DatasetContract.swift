import EcoCore
import EcoStore

/// The promises of ``DatasetStore`` and ``TrainingCheckpointStore``: versions numbered per name, stored whole and
/// unchanged, listed; and a job's latest checkpoint replacing the one before.
enum DatasetContract {
    static func member(_ id: String, label: String, split: DatasetSplit) -> DatasetMember {
        DatasetMember(entryID: id, sha256: String(repeating: "c", count: 63) + String(id.count % 10), size: Int64(100 + id.count),
                      contentType: "image/png", label: label, split: split)
    }

    static func version(_ name: String, _ members: [DatasetMember], seed: UInt64 = 7) -> DatasetVersion {
        let info = DatasetVersionInfo(name: name, version: 0, query: ["tags": "reef", "match": "any"], labelSource: .tagPrefix("class:"),
                                      fractions: SplitFractions(uncheckedTrain: 0.7, validation: 0.2, test: 0.1), seed: seed,
                                      classes: [], counts: [:], createdBy: "user-1", createdAtMs: 5_000)
        return DatasetVersion(info: info, deriving: members)
    }

    static let cases: [ContractCase] = [
        ContractCase("DatasetStore", "versions are numbered per name and come back whole, members sorted by entry id") { subject in
            let store = subject.store
            let members = [member("e2", label: "plastic", split: .validation), member("e1", label: "algae", split: .train),
                           member("e10", label: "plastic", split: .test)]
            let first = try await store.createDatasetVersion(version("reef", members, seed: UInt64.max))
            try expectEqual(first.info.version, 1, "the first version of a name")
            try expectEqual(first.info.classes, ["algae", "plastic"], "classes")
            try expectEqual(first.members.map(\.entryID), ["e1", "e10", "e2"], "members sorted by id")
            let second = try await store.createDatasetVersion(version("reef", [member("e3", label: "algae", split: .train)]))
            try expectEqual(second.info.version, 2, "the next version of the name")
            let other = try await store.createDatasetVersion(version("algae-bloom", [member("e1", label: "algae", split: .train)]))
            try expectEqual(other.info.version, 1, "another name starts at 1")
            try await subject.reopen()
            let store2 = subject.store
            try expectEqual(try await store2.datasetVersion(name: "reef", version: 1), first, "version 1 read back, seed bit for bit")
            try expectEqual(try await store2.datasetVersion(name: "reef", version: 2), second, "version 2 read back")
            try expect(try await store2.datasetVersion(name: "reef", version: 3) == nil, "no version 3")
            try expect(try await store2.datasetVersion(name: "unknown", version: 1) == nil, "no such dataset")
            try expectEqual(try await store2.datasetVersions(name: "reef").map(\.version), [1, 2], "versions oldest first")
            try expectEqual(try await store2.datasetVersions(name: "unknown"), [], "no versions of an unknown name")
            let summaries = try await store2.datasets()
            try expectEqual(summaries.map(\.name), ["algae-bloom", "reef"], "datasets by name")
            try expectEqual(summaries.map(\.versions), [1, 2], "version counts")
            try expectEqual(summaries[1].latest, second.info, "the latest version of reef")
        },
        ContractCase("DatasetStore", "a version without members is stored too") { subject in
            let empty = try await subject.store.createDatasetVersion(version("empty", []))
            try expectEqual(try await subject.store.datasetVersion(name: "empty", version: 1), empty, "read back")
            try expectEqual(empty.info.memberCount, 0, "no members")
        },
        ContractCase("TrainingCheckpointStore", "a job's latest checkpoint replaces the one before and survives a restart") { subject in
            let store = subject.store
            try expect(try await store.trainingCheckpoint(jobID: "job-1") == nil, "no checkpoint yet")
            try await store.saveTrainingCheckpoint(jobID: "job-1", step: 1, key: String(repeating: "a", count: 64))
            try await store.saveTrainingCheckpoint(jobID: "job-1", step: 2, key: String(repeating: "b", count: 64))
            try await store.saveTrainingCheckpoint(jobID: "job-2", step: 5, key: String(repeating: "c", count: 64))
            try await subject.reopen()
            let latest = try await subject.store.trainingCheckpoint(jobID: "job-1")
            try expect(latest?.step == 2 && latest?.key == String(repeating: "b", count: 64), "the latest checkpoint, got \(String(describing: latest))")
            try expect(try await subject.store.trainingCheckpoint(jobID: "job-2")?.step == 5, "another job's checkpoint")
            // The sweeper keeps an object while a latest checkpoint names it, and only then.
            try expect(try await subject.store.checkpointReferences(key: String(repeating: "b", count: 64)) == 1, "the latest checkpoint is referenced")
            try expect(try await subject.store.checkpointReferences(key: String(repeating: "a", count: 64)) == 0, "a replaced checkpoint is not")
        },
    ]
}
