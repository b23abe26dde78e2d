import EcoCore
import EcoML
import EcoRandom
import EcoStoreSQLite
import Foundation
import Testing

@testable import EcoPipeline

/// Samples that cluster in space, with a target that is alike within a cluster (a local effect no
/// feature measures) and a weak north–south trend that features can learn.
enum ClusteredSamples {
    /// `clusters` sites of `perCluster` samples each within about 2 km, spread over 40–50° N, 0–15° E.
    static func csv(clusters: Int, perCluster: Int, seed: UInt64) -> String {
        var rng = Xoshiro256StarStar(seed: seed)
        var lines = ["lat,lng,noise,presence"]
        for _ in 0..<clusters {
            let lat = rng.uniform(40...50), lng = rng.uniform(0...15)
            // Trend plus the site's own effect: everything near the site shares it.
            let siteEffect = (lat - 45) / 2.5 + 1.2 * rng.gaussian()
            for _ in 0..<perCluster {
                let present = siteEffect + 0.3 * rng.gaussian() > 0
                lines.append("\(lat + rng.uniform(-0.02...0.02)),\(lng + rng.uniform(-0.02...0.02)),\(rng.unit()),\(present ? "yes" : "no")")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

@Suite struct SpatialBlocksTests {
    static func request(_ trees: Int = 30) -> CSVTrainingRequest {
        var request = CSVTrainingRequest(target: "presence", task: .classification, folds: 5, seed: 3)
        request.options.forest.treeCount = trees
        return request
    }

    /// The documented demonstration (docs/ml.md): random folds put each test sample's site-mates in
    /// training, so they score the local effect the model cannot know elsewhere; blocks do not, and
    /// their score is close to the score on sites never seen.
    @Test func randomFoldsOverstateSkillOnClusteredSamplesAndBlocksDoNot() throws {
        let table = try CSVTable(parsing: ClusteredSamples.csv(clusters: 60, perCluster: 10, seed: 11))
        let random = try CSVWorkflow.train(table: table, request: Self.request())
        let blocked = try CSVWorkflow.train(table: table, request: try SpatialBlocks(resolution: 4).folding(Self.request(), over: table))
        // New sites from the same region: what the model really achieves elsewhere.
        let fresh = try Dataset(csv: CSVTable(parsing: ClusteredSamples.csv(clusters: 200, perCluster: 10, seed: 12)),
                                target: "presence", task: .classification)
        let honest = try #require(random.model.evaluate(on: fresh).accuracy)
        let randomScore = try #require(random.crossValidation?.mean.accuracy)
        let blockScore = try #require(blocked.crossValidation?.mean.accuracy)
        #expect(randomScore > 0.85, "random folds see each site in training: \(randomScore)")
        #expect(blockScore < randomScore - 0.15, "block \(blockScore) vs random \(randomScore)")
        #expect(abs(blockScore - honest) < 0.08, "block \(blockScore) vs new sites \(honest)")
        #expect(randomScore - honest > 0.15, "random \(randomScore) vs new sites \(honest)")
    }

    @Test func rowsInOneCellShareAFoldAndFoldsAreBalancedByRows() throws {
        let table = try CSVTable(parsing: ClusteredSamples.csv(clusters: 40, perCluster: 7, seed: 5))
        let blocks = SpatialBlocks(resolution: 5, folds: 4)
        let cells = try blocks.cells(in: table)
        let plan = try CSVWorkflow.plan(table: table, request: try blocks.folding(Self.request(), over: table))
        let splits = try #require(plan.folds?.splits)
        #expect(splits.count == 4 && plan.folds?.groupCount == Set(cells).count)
        var foldOfCell = [String: Int]()
        for (f, split) in splits.enumerated() {
            for row in split.test { #expect(foldOfCell.updateValue(f, forKey: cells[row]) ?? f == f, "cell \(cells[row]) spans folds") }
        }
        let sizes = splits.map(\.test.count), largestCell = Dictionary(grouping: cells, by: { $0 }).values.map(\.count).max()!
        #expect(sizes.max()! - sizes.min()! <= largestCell)
        #expect(try blocks.folding(Self.request(), over: table) == blocks.folding(Self.request(), over: table))
    }

    @Test(arguments: [
        ("x,lng,y\n1,2,a\n", SpatialBlocks(resolution: 4),
         "spatial blocks read the latitude from column \"lat\", which the CSV lacks (columns: x, lng, y); name the latitude column with --lat-column or latColumn"),
        ("lat,lng,y\n45,2,a\n,3,b\n", SpatialBlocks(resolution: 4), "latitude \"lat\" on CSV line 3 is empty; every row needs a position for spatial blocks"),
        ("lat,lon,y\n45,2,a\n46,east,b\n", SpatialBlocks(resolution: 4, longitudeColumn: "lon"),
         "longitude \"lon\" on CSV line 3 is \"east\", not a number; every row needs a position for spatial blocks"),
        ("lat,lng,y\n45,2,a\n91,3,b\n", SpatialBlocks(resolution: 4),
         "latitude \"lat\" on CSV line 3 is 91, outside -90…90 degrees; check the column or swap latitude and longitude"),
        ("lat,lng,y\n45,2,a\n45,-200,b\n", SpatialBlocks(resolution: 4),
         "longitude \"lng\" on CSV line 3 is -200, outside -180…180 degrees; check the column or swap latitude and longitude"),
        ("lat,lng,y\n45,2,a\n45.001,2.001,b\n30,2,a\n", SpatialBlocks(resolution: 2, folds: 3),
         "the rows fall in 2 H3 cells at resolution 2 but 3 folds were asked; choose a finer resolution (a higher number) or fewer folds"),
    ])
    func badPositionsAreClearErrors(csv: String, blocks: SpatialBlocks, message: String) throws {
        #expect(throws: EcoError.badRequest(message)) { try blocks.cells(in: try CSVTable(parsing: csv)) }
    }

    @Test(arguments: [
        (FoldOptions(cv: 3, foldColumn: "site"), "--fold-column: the column's values are the folds; remove --cv."),
        (FoldOptions(foldColumn: "site", spatialBlocks: 4), "--fold-column: the column's values are the folds; remove --spatial-blocks."),
        (FoldOptions(foldColumn: "y"), "--fold-column must name a column of the CSV other than the target."),
        (FoldOptions(latColumn: "latitude"), "--lat-column applies to --spatial-blocks only; add --spatial-blocks or remove it."),
        (FoldOptions(cv: 0, spatialBlocks: 4), "--spatial-blocks is a way of cross-validating; --cv must be at least 2 (default 5)."),
        (FoldOptions(spatialBlocks: 16), "--spatial-blocks must be an H3 resolution from 0 to 15, got 16."),
        (FoldOptions(cv: 1), "--cv must be 0 (no cross-validation) or at least 2, got 1."),
    ])
    func optionsThatDoNotGoTogetherAreRefused(options: FoldOptions, message: String) {
        let flags: [FoldOptions.Key: String] = [
            .cv: "--cv", .foldColumn: "--fold-column", .spatialBlocks: "--spatial-blocks", .latColumn: "--lat-column", .lngColumn: "--lng-column",
        ]
        #expect(throws: EcoError.badRequest(message)) { try options.resolve(target: "y") { flags[$0]! } }
    }

    @Test func optionsResolveToOneWayOfFormingFolds() throws {
        let spell: (FoldOptions.Key) -> String = { $0.rawValue }
        #expect(try FoldOptions().resolve(target: "y", spelling: spell) == (.random(folds: 5), nil))
        #expect(try FoldOptions(cv: 0).resolve(target: "y", spelling: spell) == (nil, nil))
        #expect(try FoldOptions(foldColumn: "site").resolve(target: "y", spelling: spell) == (.column("site"), nil))
        #expect(try FoldOptions(cv: 4, spatialBlocks: 6, lngColumn: "lon").resolve(target: "y", spelling: spell)
            == (nil, SpatialBlocks(resolution: 6, folds: 4, latitudeColumn: "lat", longitudeColumn: "lon")))
    }
}

/// The `csv` job kind takes the same fold options as `ecotrack train`.
@Suite struct CSVJobFoldTests {
    static func parameters(_ extra: [String: JSONValue], csv: String) -> JSONValue {
        var fields: [String: JSONValue] = ["csv": .string(csv), "target": .string("presence"), "task": .string("classification"), "trees": .number(10)]
        fields.merge(extra) { $1 }
        return .object(fields)
    }

    static let clustered = ClusteredSamples.csv(clusters: 30, perCluster: 5, seed: 9)

    @Test(arguments: [
        (["foldColumn": .string("site")] as [String: JSONValue], "parameters.foldColumn: the fold column \"site\" is not in the CSV; columns are lat, lng, noise, presence"),
        (["foldColumn": .string("lat"), "cv": .number(3)], "parameters.foldColumn: the column's values are the folds; remove parameters.cv."),
        (["spatialBlocks": .number(0)],
         "parameters.spatialBlocks: the rows fall in 3 H3 cells at resolution 0 but 5 folds were asked; choose a finer resolution (a higher number) or fewer folds"),
        (["spatialBlocks": .number(4), "latColumn": .string("y")],
         "parameters.spatialBlocks: spatial blocks read the latitude from column \"y\", which the CSV lacks (columns: lat, lng, noise, presence); name the latitude column with --lat-column or latColumn"),
        (["spatialBlocks": .number(20)], "parameters.spatialBlocks must be an H3 resolution from 0 to 15."),
        (["lngColumn": .string("lng")], "parameters.lngColumn applies to parameters.spatialBlocks only; add parameters.spatialBlocks or remove it."),
    ])
    func badFoldParametersAreRefusedAtSubmission(extra: [String: JSONValue], message: String) {
        #expect(throws: EcoError.badRequest(message)) { try CSVTrainingJobKind().validate(Self.parameters(extra, csv: Self.clustered)) }
    }

    @Test func aSpatialBlockJobReportsFoldsMeanAndSpreadAndRegistersTheScheme() async throws {
        let store = try SQLiteStore.temporary()
        let kind = CSVTrainingJobKind()
        let parameters = Self.parameters(["spatialBlocks": .number(4), "cv": .number(3)], csv: Self.clustered)
        try kind.validate(parameters)
        let context = TrainingJobContext(store: store, catalogue: VariableCatalogue(), clock: .system, modelName: "biodiversity-sdm-rf",
                                         progress: { _, _ in true }, log: { _ in })
        let outcome = try await kind.run(parameters, context: context)
        let summary = try #require(JSONValue.parse(outcome.summaryJSON))
        #expect(summary["foldScheme"] == .string("groups") && summary["folds"] == .number(3))
        #expect(summary["spatialBlocks"]?["resolution"] == .number(4) && summary["spatialBlocks"]?["latColumn"] == .string("lat"))
        if case let .array(folds)? = summary["foldMetrics"] { #expect(folds.count == 3) } else { Issue.record("no foldMetrics") }
        #expect(summary["metricsStd"]?["accuracy"] != nil && summary["metrics"]?["accuracy"] != nil)
        let stored = try #require(JSONValue.parse(outcome.registered.parametersJSON))
        #expect(stored["spatialBlocks"]?["cells"] == summary["groups"] && stored["foldScheme"] == .string("groups"))
    }

    @Test func aFoldColumnJobUsesTheAnalystsFolds() async throws {
        let csv = "x,fold,presence\n" + (0..<60).map { "\($0 % 7),\($0 % 3 == 0 ? "-1" : "\($0 % 4)"),\($0 % 2 == 0 ? "yes" : "no")" }.joined(separator: "\n")
        let parameters = Self.parameters(["foldColumn": .string("fold")], csv: csv)
        try CSVTrainingJobKind().validate(parameters)
        let context = TrainingJobContext(store: try SQLiteStore.temporary(), catalogue: VariableCatalogue(), clock: .system,
                                         modelName: "test-fold-rf", progress: { _, _ in true }, log: { _ in })
        let summary = try #require(JSONValue.parse(try await CSVTrainingJobKind().run(parameters, context: context).summaryJSON))
        #expect(summary["foldLabels"] == .array([.string("0"), .string("1"), .string("2"), .string("3")]))
        #expect(summary["features"] == .number(1))
    }
}
