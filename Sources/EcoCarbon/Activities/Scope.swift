/// A GHG Protocol scope.
public enum Scope: Int, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// Direct emissions from owned or controlled sources.
    case scope1 = 1
    /// Indirect emissions from purchased electricity, steam, heat and cooling.
    case scope2 = 2
    /// All other indirect emissions in the value chain.
    case scope3 = 3

    public static func < (a: Scope, b: Scope) -> Bool { a.rawValue < b.rawValue }
}

/// The fifteen Scope 3 categories of the GHG Protocol Corporate Value Chain (Scope 3) Standard.
public enum Scope3Category: Int, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case purchasedGoodsAndServices = 1, capitalGoods, fuelAndEnergyRelated, upstreamTransportation, waste
    case businessTravel, employeeCommuting, upstreamLeasedAssets, downstreamTransportation, processingOfSoldProducts
    case useOfSoldProducts, endOfLifeTreatment, downstreamLeasedAssets, franchises, investments

    /// The category's name as the standard writes it.
    public var name: String {
        switch self {
        case .purchasedGoodsAndServices: "Purchased goods and services"
        case .capitalGoods: "Capital goods"
        case .fuelAndEnergyRelated: "Fuel- and energy-related activities"
        case .upstreamTransportation: "Upstream transportation and distribution"
        case .waste: "Waste generated in operations"
        case .businessTravel: "Business travel"
        case .employeeCommuting: "Employee commuting"
        case .upstreamLeasedAssets: "Upstream leased assets"
        case .downstreamTransportation: "Downstream transportation and distribution"
        case .processingOfSoldProducts: "Processing of sold products"
        case .useOfSoldProducts: "Use of sold products"
        case .endOfLifeTreatment: "End-of-life treatment of sold products"
        case .downstreamLeasedAssets: "Downstream leased assets"
        case .franchises: "Franchises"
        case .investments: "Investments"
        }
    }

    public static func < (a: Scope3Category, b: Scope3Category) -> Bool { a.rawValue < b.rawValue }
}
