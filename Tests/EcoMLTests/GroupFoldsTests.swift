import EcoML
import Foundation
import Testing

/// Group folds and the analyst's folds, checked against scikit-learn's GroupKFold and PredefinedSplit
/// (`ml_folds_reference.json`, made by scripts/reference/ml_folds_reference.py).
struct GroupFoldsTests {
    struct GroupCase: Sendable, CustomStringConvertible {
        var name: String
        var groups: [String]
        var numeric: Bool
        var folds: Int
        var test: [[Int]]
        var description: String { name }
    }

    static func groupCases() throws -> [GroupCase] {
        let cases = try #require(try Fixture.json("ml_folds_reference.json")["groupKFold"] as? [[String: Any]])
        return cases.map {
            GroupCase(name: $0["name"] as! String, groups: $0["groups"] as! [String], numeric: $0["numeric"] as! Bool,
                      folds: $0["folds"] as! Int, test: $0["test"] as! [[Int]])
        }
    }

    /// The assignment for a case, with numeric labels ordered as numbers (as numpy orders them).
    static func assignment(_ c: GroupCase, seed: UInt64?) throws -> [Int] {
        c.numeric
            ? try Splits.groupFoldAssignment(groups: c.groups.map { Int($0)! }, folds: c.folds, seed: seed)
            : try Splits.groupFoldAssignment(groups: c.groups, folds: c.folds, seed: seed)
    }

    @Test func withoutASeedGroupFoldsEqualScikitLearnsGroupKFold() throws {
        for c in try Self.groupCases() {
            let splits = Splits.folds(from: try Self.assignment(c, seed: nil), count: c.folds)
            #expect(splits.map(\.test) == c.test, "\(c.name)")
        }
    }

    @Test func aSeedOnlyReordersGroupsOfEqualSizeSoFoldSizesStayScikitLearns() throws {
        for c in try Self.groupCases() {
            var seen = Set<[Int]>()
            for seed: UInt64 in 0..<8 {
                let fold = try Self.assignment(c, seed: seed)
                seen.insert(fold)
                #expect((0..<c.folds).map { f in fold.filter { $0 == f }.count } == c.test.map(\.count), "\(c.name) seed \(seed)")
                // A group never spans two folds.
                var foldOf = [String: Int]()
                for (label, f) in zip(c.groups, fold) { #expect(foldOf.updateValue(f, forKey: label) ?? f == f) }
            }
            if c.name == "tied sizes" { #expect(seen.count > 1, "seeds should choose among the tied groups") }
        }
    }

    @Test func predefinedFoldsEqualScikitLearnsPredefinedSplit() throws {
        let cases = try #require(try Fixture.json("ml_folds_reference.json")["predefinedSplit"] as? [[String: Any]])
        for c in cases {
            let (splits, _) = try Splits.predefinedFolds(c["testFold"] as! [Int])
            let expected = (c["splits"] as! [[String: [Int]]]).map { TrainTestIndices(train: $0["train"]!, test: $0["test"]!) }
            #expect(splits == expected, "\(c["name"]!)")
        }
    }

    @Test func fewerGroupsThanFoldsIsAnErrorThatSaysSo() {
        #expect(throws: MLError.invalidInput("only 2 groups hold rows but 3 folds were asked; use at most 2 folds or smaller groups")) {
            try Splits.groupFoldAssignment(groups: ["a", "b", "a"], folds: 3, seed: 0)
        }
    }

    @Test func foldDeviationIsThePopulationStandardDeviationAndSkipsMissingMetrics() throws {
        let folds = try [#"{"rows":2,"r2":0.5,"rocAUC":0.6}"#, #"{"rows":2,"r2":0.7}"#, #"{"rows":2,"r2":0.9}"#].map {
            try JSONDecoder().decode(EvaluationMetrics.self, from: Data($0.utf8))
        }
        let report = CrossValidationReport(seed: 0, foldMetrics: folds)
        #expect(abs(report.mean.r2! - 0.7) < 1e-12)
        // numpy.std([0.5, 0.7, 0.9]) = sqrt(0.08 / 3)
        #expect(abs(report.standardDeviation.r2! - (0.08 / 3).squareRoot()) < 1e-12)
        #expect(report.standardDeviation.rocAUC == 0)
        #expect(report.standardDeviation.accuracy == nil)
    }
}

/// `--fold-column`: the column's values are the folds and the column is not a feature.
struct FoldColumnTests {
    static let csv = """
        x,site,label
        1,north,a
        2,south,b
        3,north,a
        4,east,b
        5,south,a
        6,east,b
        7,north,b
        8,south,a
        9,east,a
        """

    @Test func eachValueIsAFoldInOrderAndTheColumnIsNotAFeature() throws {
        var request = CSVTrainingRequest(target: "label", task: .classification, seed: 1)
        request.crossValidation = .column("site")
        request.options.forest.treeCount = 5
        let result = try CSVWorkflow.train(csv: Self.csv, request: request)
        #expect(result.model.schema.names == ["x"])
        #expect(result.folds?.labels == ["east", "north", "south"])
        #expect(result.folds?.splits.map(\.test) == [[3, 5, 8], [0, 2, 6], [1, 4, 7]])
        #expect(result.crossValidation?.foldMetrics.map(\.rows) == [3, 3, 3])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.summaryJSON().utf8)) as? [String: Any])
        #expect(json["foldScheme"] as? String == "column" && json["foldColumn"] as? String == "site")
        #expect(json["foldLabels"] as? [String] == ["east", "north", "south"])
        #expect((json["metricsStd"] as? [String: Any])?["accuracy"] is Double)
        #expect((json["foldMetrics"] as? [Any])?.count == 3)
    }

    @Test func numericFoldsAreOrderedAsNumbersAndMinusOneRowsOnlyTrain() throws {
        let table = try CSVTable(parsing: "x,fold,y\n1,10,a\n2,9,b\n3,-1,a\n4,10,b\n5,9.0,a\n")
        var request = CSVTrainingRequest(target: "y", task: .classification)
        request.crossValidation = .column("fold")
        let plan = try CSVWorkflow.plan(table: table, request: request)
        #expect(plan.folds?.labels == ["9", "10"])
        #expect(plan.folds?.splits == [TrainTestIndices(train: [0, 2, 3], test: [1, 4]), TrainTestIndices(train: [1, 2, 4], test: [0, 3])])
    }

    @Test(arguments: [
        ("x,site,label\n1,a,y\n2,b,n\n", "nope", "the fold column \"nope\" is not in the CSV; columns are x, site, label"),
        ("x,site,label\n1,a,y\n2,a,n\n", "site",
         "the fold column \"site\" holds one value (\"a\") on every row; cross-validation needs at least two folds, or one fold and rows marked -1 to train on"),
        ("x,site,label\n1,a,y\n2,,n\n", "site", "the fold column \"site\" is empty on CSV line 3; give every row a fold (-1 keeps a row in training only)"),
        ("x,site,label\n1,-1,y\n2,-1,n\n", "site",
         "the fold column \"site\" holds only -1 (training only); cross-validation needs at least two folds, or one fold and rows marked -1 to train on"),
        ("x,label\n1,y\n2,n\n", "label", "the fold column \"label\" is also the target; name another column for the folds"),
    ])
    func badFoldColumnsAreClearErrors(csv: String, column: String, message: String) throws {
        var request = CSVTrainingRequest(target: "label", task: .classification)
        request.crossValidation = .column(column)
        #expect(throws: MLError.invalidInput(message)) { try CSVWorkflow.plan(table: try CSVTable(parsing: csv), request: request) }
    }
}
