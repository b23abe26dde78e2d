import EcoAnalytics
import Foundation
import Testing

/// Fixtures/yield_reference.json, made by scripts/reference/yield_reference.py with statsmodels 0.15.0 (OLS,
/// get_prediction().summary_frame) and scipy 1.17.1 (t.ppf).
struct YieldReference: Decodable {
    struct Interval: Decodable { var mean: Double; var low: Double; var high: Double }
    struct Quantile: Decodable { var p: Double; var df: Double; var t: Double }
    var predictors: [String]
    var rows: [[Double]]
    var yields: [Double]
    var slopes: [Double]
    var slopeStandardErrors: [Double]
    var residualStandardError: Double
    var new: [[Double]]
    var predictions: [String: [Interval]]
    var tQuantiles: [Quantile]

    static func load() throws -> YieldReference {
        let url = try #require(Bundle.module.url(forResource: "yield_reference", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(YieldReference.self, from: Data(contentsOf: url))
    }
}

@Suite struct YieldRegressionTests {
    @Test func matchesStatsmodelsOLSAndItsPredictionIntervals() throws {
        let reference = try YieldReference.load()
        let model = try YieldRegression.fit(predictors: reference.predictors, rows: reference.rows, yields: reference.yields)
        #expect(model.degreesOfFreedom == 16 && model.observations == 20)
        for (mine, theirs) in zip(model.coefficients.dropFirst(), reference.slopes) { #expect(abs(mine - theirs) <= 1e-9 * max(1, abs(theirs))) }
        for (mine, theirs) in zip(model.standardErrors.dropFirst(), reference.slopeStandardErrors) { #expect(abs(mine - theirs) <= 1e-9 * max(1, abs(theirs))) }
        #expect(abs(model.residualStandardError - reference.residualStandardError) < 1e-10)
        for (level, intervals) in reference.predictions {
            for (values, interval) in zip(reference.new, intervals) {
                let predicted = model.predict(values, level: Double(level)!)
                #expect(abs(predicted.mean - interval.mean) < 1e-9, "\(level) \(values)")
                #expect(abs(predicted.low - interval.low) < 1e-8 && abs(predicted.high - interval.high) < 1e-8, "\(level) \(values): \(predicted) vs \(interval)")
            }
        }
    }

    /// The PRESS shortcut against the definition: refit without each row and predict it.
    @Test func leaveOneOutResidualsEqualRefitsWithoutEachRow() throws {
        let reference = try YieldReference.load()
        let model = try YieldRegression.fit(predictors: reference.predictors, rows: reference.rows, yields: reference.yields)
        let shortcut = model.leaveOneOutResiduals(rows: reference.rows, yields: reference.yields)
        var squares = 0.0
        for i in reference.rows.indices {
            var rows = reference.rows, yields = reference.yields
            rows.remove(at: i)
            yields.remove(at: i)
            let refit = try YieldRegression.fit(predictors: reference.predictors, rows: rows, yields: yields)
            let residual = reference.yields[i] - refit.predict(reference.rows[i], level: 0.9).mean
            #expect(abs(shortcut[i] - residual) < 1e-9 * max(1, abs(residual)), "row \(i)")
            squares += residual * residual
        }
        #expect(abs(model.leaveOneOutRMSE(rows: reference.rows, yields: reference.yields) - (squares / Double(reference.rows.count)).squareRoot()) < 1e-9)
        // Every left-out residual is at least the in-sample one (0 < h < 1), so the RMSE is too.
        let inSample = model.residualStandardError * (Double(model.degreesOfFreedom) / Double(model.observations)).squareRoot()
        #expect(model.leaveOneOutRMSE(rows: reference.rows, yields: reference.yields) > inSample)
    }

    @Test func tooFewYearsOrAConstantPredictorAreErrors() {
        do {
            _ = try YieldRegression.fit(predictors: ["year"], rows: [[2000], [2001], [2002]], yields: [1, 2, 3])
            Issue.record("three years fitted")
        } catch {
            #expect(error.description.contains("3 years of yields; a fit on 1 predictors and an interval need at least 4"))
        }
        do {
            _ = try YieldRegression.fit(predictors: ["year", "gdd"], rows: (0..<8).map { [Double(2000 + $0), 1200] }, yields: (0..<8).map { Double($0) })
            Issue.record("a constant predictor fitted")
        } catch {
            #expect(error.description.contains("a predictor is constant"))
        }
    }

    @Test func yieldHistoryConvertsUnitsAndNamesBadLines() throws {
        let text = """
        region,crop,year,yield,unit,source
        US,maize,2023,177.3,bu/acre,USDA NASS
        France,wheat,2020,100000,hg/ha,FAOSTAT QCL
        Somewhere,soybean,2021,3100,kg/ha,field trial
        """
        let records = try YieldHistory.parse(text)
        #expect(records.count == 3)
        // 1 bu/acre of maize (56 lb) = 56 × 0.45359237 kg / 0.40468564224 ha = 0.0627677 t/ha.
        #expect(abs(records[0].tonnesPerHectare - 177.3 * 0.0627676647) < 1e-6)
        #expect(records[1].tonnesPerHectare == 10 && records[2].tonnesPerHectare == 3.1)
        #expect(records[0].source == "USDA NASS" && records[0].reportedUnit == "bu/acre")
        for (bad, message) in [
            ("region,crop,year,yield,unit\n", "column 'source' is missing"),
            ("region,crop,year,yield,unit,source\nUS,rice,2020,3,t/ha,x", "Line 2: unknown crop 'rice'; use one of maize, soybean, wheat"),
            ("region,crop,year,yield,unit,source\nUS,maize,20x0,3,t/ha,x", "Line 2: year '20x0' is not a year"),
            ("region,crop,year,yield,unit,source\nUS,maize,2020,-3,t/ha,x", "Line 2: yield '-3' is not a positive number"),
            ("region,crop,year,yield,unit,source\nUS,maize,2020,3,lb/field,x", "Line 2: unit 'lb/field' is not one of"),
            ("region,crop,year,yield,unit,source\nUS,maize,2020,3,t/ha,", "Line 2: source is empty"),
            ("region,crop,year,yield,unit,source\nUS,maize,2020,3,t/ha,x\nUS,maize,2020,4,t/ha,x", "Line 3: US maize 2020 appears twice"),
        ] {
            do {
                _ = try YieldHistory.parse(bad)
                Issue.record("accepted: \(bad)")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }

    @Test func studentTQuantilesMatchScipy() throws {
        let reference = try YieldReference.load()
        for quantile in reference.tQuantiles {
            let mine = YieldRegression.tQuantile(quantile.p, degreesOfFreedom: quantile.df)
            #expect(abs(mine - quantile.t) < 1e-9 * max(1, abs(quantile.t)), "p \(quantile.p) df \(quantile.df): \(mine) vs \(quantile.t)")
        }
    }
}
