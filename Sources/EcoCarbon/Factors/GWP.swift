import Foundation

/// The IPCC assessment whose 100-year global warming potentials turn gases into CO2e.
public enum GWPBasis: String, Sendable, Hashable, CaseIterable, Codable {
    case ar4 = "AR4", ar5 = "AR5", ar6 = "AR6"

    /// Where the table's values were published.
    public var source: String {
        switch self {
        case .ar4: "IPCC Fourth Assessment Report (2007), WG1 Table 2.14, 100-year GWP"
        case .ar5: "IPCC Fifth Assessment Report (2013), WG1 Table 8.A.1, 100-year GWP without climate-carbon feedbacks"
        case .ar6: "IPCC Sixth Assessment Report (2021), WG1 Table 7.SM.7, 100-year GWP"
        }
    }
}

/// 100-year GWPs of the Kyoto gases under AR4, AR5 and AR6.
///
/// The built-in table (`Resources/gwp100.csv`) is written by scripts/reference/carbon_factors.py from
/// the globalwarmingpotentials package (CC0), which carries the IPCC values; gas names are
/// `CO2`, `CH4`, `N2O`, `HFC-32`, `HFC-134a`, `SF6`, `NF3`, `PFC-14` ….
public struct GWPTable: Sendable, Equatable {
    private var values: [String: [Double]]

    /// A table from gas name → [AR4, AR5, AR6].
    public init(values: [String: [Double]]) {
        self.values = Dictionary(uniqueKeysWithValues: values.map { ($0.key.uppercased(), $0.value) })
    }

    /// The GWP of `gas` under `basis`, or nil for a gas the table does not know.
    public func gwp(_ gas: String, _ basis: GWPBasis) -> Double? {
        guard let row = values[gas.uppercased()] else { return nil }
        let value = row[basis == .ar4 ? 0 : basis == .ar5 ? 1 : 2]
        return value.isNaN ? nil : value
    }

    /// The gases the table knows.
    public var gases: [String] { values.keys.sorted() }

    /// The table shipped with EcoCarbon.
    public static let builtIn: GWPTable = {
        guard let url = Bundle.module.url(forResource: "gwp100", withExtension: "csv"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("EcoCarbon's gwp100.csv resource is missing from the bundle") }
        var values: [String: [Double]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 4 else { continue }
            values[cells[0]] = cells[1...].map { Double($0) ?? .nan }
        }
        return GWPTable(values: values)
    }()
}
