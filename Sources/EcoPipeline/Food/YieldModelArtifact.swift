import EcoAnalytics
import EcoCore
import Foundation

/// A registered yield model as the registry keeps it (`ModelVersion.artifact`, JSON; algorithm `yield-ols`): the fitted
/// ``YieldRegression`` with all its prediction intervals need ((XᵀX)⁻¹, residual standard error, degrees of freedom),
/// the crop-monitoring settings that define its predictors (crop, cell, season, degree-day thresholds), and the
/// training table (years, yields, predictors).
public struct YieldModelArtifact: Codable, Sendable {
    /// The registry's `algorithm` of yield models; their artifacts are not EcoML models.
    public static let algorithm = "yield-ols"
    static let currentFormat = 1

    var format: Int
    /// The query parameters of `POST /food/yield-forecast` the model was fitted with (crop, h3, season, thresholds).
    var settings: [String: String]
    var region: String
    var crop: String
    var h3Index: String
    var regression: YieldRegression
    var yearsUsed: [YieldForecastReport.Year]
    var sources: [String]

    func encoded() throws -> [UInt8] { Array(try StableJSON.text(of: self).utf8) }

    /// The artifact of `version`, or a clear error when it is not a yield model.
    static func decode(_ version: ModelVersion) throws -> YieldModelArtifact {
        guard version.algorithm == algorithm else {
            throw EcoError.invalidArgument("Model \(version.name)@\(version.version) is a \(version.algorithm) \(version.task) model, not a yield model; train one with POST /api/v1/models/train {\"kind\": \"yield-regression\", …}.")
        }
        do {
            let artifact = try JSONDecoder().decode(YieldModelArtifact.self, from: Data(version.artifact))
            guard artifact.format == currentFormat else { throw EcoError.internalFailure("format \(artifact.format)") }
            return artifact
        } catch {
            throw EcoError.internalFailure("The artifact of \(version.name)@\(version.version) cannot be read as a yield model: \(error).")
        }
    }

    /// A yield model is no EcoML model: generic prediction is refused with the endpoint that serves it.
    static func refuseGenericUse(of version: ModelVersion) throws {
        guard version.algorithm == algorithm else { return }
        throw EcoError.invalidArgument("\(version.name)@\(version.version) is a yield regression on season weather; forecast with POST /api/v1/food/yield-forecast?model=\(version.name)@\(version.version).")
    }
}
