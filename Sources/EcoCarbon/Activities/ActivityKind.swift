/// What an activity record describes.
public enum ActivityKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Moving goods: road, rail, sea, inland waterway or air.
    case transport
    /// Electricity bought from a grid (Scope 2 for own sites).
    case electricity
    /// Fuel burned in boilers, furnaces, generators.
    case combustion
    /// Refrigerant or other fluorinated gas released.
    case refrigerant
    /// Energy a facility used: electricity, steam, heat or cooling.
    case facilityEnergy = "facility_energy"
    /// Cloud or data-centre computing.
    case compute
}
