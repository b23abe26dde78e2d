import EcoCore
import Testing

/// Issue #18: dataset splits depend on the entry id and the seed alone, follow the fractions, and differ by seed.
struct DatasetSplitterTests {
    static let ids = (0..<10_000).map { "entry-\($0)" }

    @Test func sharesFollowTheFractionsOverManyEntries() throws {
        let fractions = try SplitFractions(train: 0.7, validation: 0.2, test: 0.1)
        var counts: [DatasetSplit: Int] = [:]
        for id in Self.ids { counts[DatasetSplitter.split(entryID: id, seed: 42, fractions: fractions), default: 0] += 1 }
        // Binomial standard deviation at n = 10,000 is at most 0.5 %; allow about four.
        #expect(abs(Double(counts[.train] ?? 0) / 10_000 - 0.7) < 0.02, "\(counts)")
        #expect(abs(Double(counts[.validation] ?? 0) / 10_000 - 0.2) < 0.02, "\(counts)")
        #expect(abs(Double(counts[.test] ?? 0) / 10_000 - 0.1) < 0.02, "\(counts)")
    }

    @Test func anEntrysSplitDependsOnItsIdAndTheSeedOnly() throws {
        let fractions = SplitFractions.standard
        let before = Self.ids.prefix(100).map { DatasetSplitter.split(entryID: $0, seed: 7, fractions: fractions) }
        let after = Self.ids.map { DatasetSplitter.split(entryID: $0, seed: 7, fractions: fractions) }
        #expect(Array(after.prefix(100)) == before, "more entries move none of the first")
        let reseeded = Self.ids.prefix(100).map { DatasetSplitter.split(entryID: $0, seed: 8, fractions: fractions) }
        #expect(reseeded != before, "another seed, another split")
        #expect(DatasetSplitter.unitHash("a", seed: 0) != DatasetSplitter.unitHash("b", seed: 0))
    }

    @Test func aZeroShareIsNeverChosen() throws {
        let noTest = try SplitFractions(train: 0.5, validation: 0.5, test: 0)
        #expect(Self.ids.allSatisfy { DatasetSplitter.split(entryID: $0, seed: 1, fractions: noTest) != .test })
        let trainOnly = try SplitFractions(train: 1, validation: 0, test: 0)
        #expect(Self.ids.allSatisfy { DatasetSplitter.split(entryID: $0, seed: 1, fractions: trainOnly) == .train })
    }

    @Test(arguments: [(0.8, 0.3, 0.1, "must add up to 1"), (0, 0.5, 0.5, "must be above 0"), (-0.1, 0.6, 0.5, "between 0 and 1"),
                      (Double.nan, 0.5, 0.5, "between 0 and 1")])
    func badFractionsAreRefused(train: Double, validation: Double, test: Double, says: String) {
        #expect { try SplitFractions(train: train, validation: validation, test: test) } throws: { "\($0)".contains(says) }
    }

    @Test func aTagPrefixLabelIsTheOneTagsRest() {
        func entry(_ tags: [String]) -> Entry { Entry(id: "e", dataType: .image, source: "s", timeMs: 0, tags: tags, createdBy: "u", createdAtMs: 0) }
        let source = DatasetLabelSource.tagPrefix("class:")
        #expect(source.label(of: entry(["class:plastic", "reef"])) == "plastic")
        #expect(source.label(of: entry(["reef"])) == nil)
        #expect(source.label(of: entry(["class:plastic", "class:algae"])) == nil, "two classes disagree")
        #expect(source.label(of: entry(["class:"])) == nil)
        #expect(DatasetLabelSource(text: source.text) == source && DatasetLabelSource(text: "label") == .entryLabel)
    }
}
