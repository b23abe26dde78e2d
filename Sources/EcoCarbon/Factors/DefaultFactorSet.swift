import EcoCore
import Foundation

extension FactorSet {
    /// The built-in set: EPA GHG Emission Factors Hub (2025) fuels, steam and freight, eGRID2023
    /// US sub-regions and states, Our World in Data / Ember country grids, Google Cloud regions and
    /// refrigerant blends, each factor citing its table and row (see docs/carbon.md for licences).
    ///
    /// Written by scripts/reference/carbon_factors.py into `Resources/default-factors.csv`; published.
    public static let builtIn: FactorSet = {
        guard let url = Bundle.module.url(forResource: "default-factors", withExtension: "csv"),
              let data = try? Data(contentsOf: url)
        else { preconditionFailure("EcoCarbon's default-factors.csv resource is missing from the bundle") }
        do {
            return try FactorSetReader.read(data, format: .csv, name: "EcoTrack default", version: builtInVersion)
                .published(atMs: 1_767_225_600_000)
        } catch {
            preconditionFailure("EcoCarbon's default-factors.csv is invalid: \(error)")
        }
    }()

    /// Version label of ``builtIn``.
    public static let builtInVersion = "2026.1"
}
