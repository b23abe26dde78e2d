@testable import EcoCore
import Testing

struct UnitConverterTests {
    let catalogue = VariableCatalogue()

    // Expected values worked by hand from the definitions in UnitConverter (EPA 24.45 L/mol convention).
    @Test(arguments: [
        ("temperature_2m", 212.0, "°F", 100.0),
        ("temperature_2m", 32.0, "degF", 0.0),
        ("temperature_2m", 273.15, "K", 0.0),
        ("temperature_2m", 21.5, "C", 21.5),
        ("precipitation", 1.0, "in", 25.4),
        ("wind_speed_10m", 36.0, "km/h", 10.0),
        ("wind_speed_10m", 1.0, "knots", 0.514444444444),
        ("wind_speed_10m", 10.0, "mph", 4.4704),
        ("pressure_msl", 101325.0, "Pa", 1013.25),
        ("no2", 46.0055, "µg/m³", 24.45),
        ("no2", 1.0, "ppm", 1000.0),
        ("o3", 100.0, "ug/m3", 100.0 * 24.45 / 47.9982),
        ("co", 28.010, "mg/m3", 24.45),
        ("co2e", 2.5, "t", 2500.0),
        ("pm25", 0.012, "mg/m³", 12.0),
    ])
    func convertsToTheCanonicalUnit(variable: String, value: Double, unit: String, expected: Double) throws {
        let v = try catalogue.variable(named: variable)
        let converted = try UnitConverter.toCanonical(value, unit: unit, for: v)
        #expect(abs(converted - expected) < 1e-9 * max(1, abs(expected)))
    }

    @Test func incompatibleUnitIsRejectedWithTheAcceptedOnes() throws {
        let pm25 = try catalogue.variable(named: "pm25")
        #expect {
            try UnitConverter.toCanonical(3, unit: "ppb", for: pm25)
        } throws: { error in
            guard let error = error as? EcoError, case let .unknownUnit(unit, variable, accepted) = error else { return false }
            return unit == "ppb" && variable == "pm25" && accepted.first == "µg/m³" && accepted.contains("mg/m³")
        }
    }

    @Test func missingUnitMeansCanonical() throws {
        let t = try catalogue.variable(named: "temperature_2m")
        #expect(try UnitConverter.toCanonical(12, unit: nil, for: t) == 12)
        #expect(try UnitConverter.toCanonical(12, unit: "", for: t) == 12)
    }
}
