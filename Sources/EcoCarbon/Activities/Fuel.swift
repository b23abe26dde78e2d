/// Fuels, named as the factor subjects of combustion factors (`combustion/<fuel>`).
public enum Fuel: String, Sendable, Hashable, CaseIterable, Codable {
    case diesel, petrol
    case naturalGas = "natural_gas"
    case lpg, propane
    case fuelOil = "fuel_oil"
    case kerosene
    case jetFuel = "jet_fuel"
    case coal, biodiesel
    /// Electricity driving a vehicle; not burned, so never a combustion fuel.
    case electricity

    /// The fuel named by `text`: its name or a common synonym, any case, `-` or space for `_`.
    public init?(text: String) {
        let key = text.trimmingSpaces().lowercased().replacingSpacesAndDashes()
        if let fuel = Fuel(rawValue: key) {
            self = fuel
            return
        }
        switch key {
        case "gasoline", "motor_gasoline": self = .petrol
        case "gas_oil", "distillate_fuel_oil", "marine_gas_oil", "mgo": self = .diesel
        case "residual_fuel_oil", "heavy_fuel_oil", "hfo", "bunker_fuel": self = .fuelOil
        case "cng", "lng", "gas", "methane": self = .naturalGas
        case "jet_a", "jet_a1", "aviation_kerosene": self = .jetFuel
        case "electric", "bev": self = .electricity
        case "b100": self = .biodiesel
        default: return nil
        }
    }

    /// Whether it can be burned in a stationary combustion activity.
    public var isCombustible: Bool { self != .electricity }
}

extension String {
    func replacingSpacesAndDashes() -> String {
        String(map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}
