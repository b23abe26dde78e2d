import EcoML
import Foundation
import Testing

struct CSVWorkflowTests {
    @Test func quotedCellsAndMissingTokensAreRead() throws {
        let table = try CSVTable(parsing: "a,b,c\r\n1,\"x, \"\"y\"\"\",NA\n\n2,z,\n")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows == [["1", "x, \"y\"", "NA"], ["2", "z", ""]])
        let data = try Dataset(csv: table, target: "a", task: .regression)
        #expect(data.schema.kinds == [.categorical(categories: ["x, \"y\"", "z"]), .numeric])
        #expect(data.value(row: 0, feature: 1).isNaN && data.value(row: 1, feature: 1).isNaN)
        #expect(data.rowCount == 2)
    }

    @Test func aRowWithTheWrongCellCountNamesItsLine() {
        #expect(throws: MLError.csv(line: 3, message: "has 1 cells but the header has 2")) {
            try CSVTable(parsing: "a,b\n1,2\n3\n")
        }
    }

    @Test func aMissingTargetIsReportedNotDropped() throws {
        let table = try CSVTable(parsing: "x,y\n1,a\n2,\n")
        #expect(throws: MLError.self) { try Dataset(csv: table, target: "y", task: .classification) }
    }

    @Test func trainFromCSVReturnsTheModelAndCrossValidatedMetricsAsJSON() throws {
        var request = CSVTrainingRequest(target: "label", task: .classification, algorithm: .gradientBoosting, folds: 3, seed: 4)
        request.options.boosting.iterations = 20
        var last = (0, 0)
        let result = try CSVWorkflow.train(csv: Toy.mixedCSV(rows: 300, seed: 2), request: request) { done, total in
            last = (done, total)
            return true
        }
        #expect(last == (80, 80))
        #expect(result.crossValidation?.foldMetrics.count == 3)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.summaryJSON(name: "demo").utf8)) as? [String: Any])
        #expect(json["name"] as? String == "demo")
        #expect(json["algorithm"] as? String == "gbt")
        #expect(((json["metrics"] as? [String: Any])?["accuracy"] as? Double ?? 0) > 0.8)
    }

    @Test func predictCSVWritesClassProbabilities() throws {
        let request = CSVTrainingRequest(target: "label", task: .classification, folds: nil, seed: 1)
        let model = try CSVWorkflow.train(csv: Toy.mixedCSV(rows: 200, seed: 3), request: request).model
        // Columns in another order, an extra column, an unseen category and a missing value.
        let out = try CSVWorkflow.predict(model: model, csv: "id,noise,colour,x,amount\n1,0.5,green,8,21\n2,0.1,purple,NA,4\n")
        #expect(out.header == ["prediction", "prob_no", "prob_yes"])
        #expect(out.rows.count == 2)
        #expect(out.rows[0][0] == "no")
        #expect(abs(Double(out.rows[1][1])! + Double(out.rows[1][2])! - 1) < 1e-9)
    }

    @Test func predictCSVWritesForestPercentilesForRegression() throws {
        var request = CSVTrainingRequest(target: "amount", task: .regression, folds: nil)
        request.options.forest.treeCount = 15
        let model = try CSVWorkflow.train(csv: Toy.mixedCSV(rows: 200, seed: 3), request: request).model
        let out = try CSVWorkflow.predict(model: model, csv: "x,colour,noise,label\n3,red,0.2,no\n")
        #expect(out.header == ["prediction", "p10", "p50", "p90"])
        let values = out.rows[0].map { Double($0)! }
        #expect(values[1] <= values[2] && values[2] <= values[3])
        #expect(out.text.hasPrefix("prediction,p10,p50,p90\n"))
    }

    @Test func predictCSVNamesAMissingFeatureColumn() throws {
        let model = try Model.train(Toy.separable, algorithm: .randomForest, options: ModelTests.small)
        #expect(throws: MLError.invalidInput("the CSV has no column \"x0\", which the model needs")) {
            try CSVWorkflow.predict(model: model, csv: "y\n1\n")
        }
    }

    @Test func namedCellsBecomeAFeatureRowInSchemaOrder() throws {
        let request = CSVTrainingRequest(target: "label", task: .classification, folds: nil)
        let model = try CSVWorkflow.train(csv: Toy.mixedCSV(rows: 60, seed: 3), request: request).model
        let row = try model.featureRow(["colour": "red", "x": "2.5", "amount": "NA"])
        #expect(model.schema.names == ["x", "colour", "noise", "amount"])
        #expect(row[0] == 2.5 && row[1] == 2 && row[2].isNaN && row[3].isNaN)
        #expect(throws: MLError.self) { try model.featureRow(["x": "two"]) }
    }
}
