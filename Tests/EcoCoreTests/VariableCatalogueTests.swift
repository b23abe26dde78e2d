@testable import EcoCore
import Testing

struct VariableCatalogueTests {
    @Test(arguments: ["temperature_2m", "precipitation", "relative_humidity", "wind_speed_10m", "pressure_msl", "pm25", "pm10",
                      "no2", "o3", "so2", "co", "ndvi", "sea_surface_temperature", "dissolved_oxygen", "ph", "turbidity",
                      "chlorophyll_a", "co2e"])
    func builtInCatalogueHasTheIssueVariables(name: String) {
        #expect(VariableCatalogue()[name]?.builtIn == true)
    }

    @Test func typoGetsASuggestion() {
        #expect(throws: EcoError.unknownVariable(name: "pm26", suggestion: "pm25")) { try VariableCatalogue().variable(named: "pm26") }
        #expect(throws: EcoError.unknownVariable(name: "banana_index", suggestion: nil)) { try VariableCatalogue().variable(named: "banana_index") }
    }

    @Test func usersCanRegisterButNotRedefine() throws {
        var catalogue = VariableCatalogue()
        try catalogue.register(Variable(name: "soil_moisture", unit: "%", domain: .food, validMin: 0, validMax: 100))
        #expect(catalogue["soil_moisture"]?.builtIn == false)
        #expect(throws: EcoError.variableExists(name: "pm25")) {
            try catalogue.register(Variable(name: "pm25", unit: "ppb", domain: .health))
        }
    }

    @Test(arguments: ["", "Soil", "1abc", "soil moisture", String(repeating: "a", count: 65)])
    func badNamesAreRejected(name: String) {
        #expect(throws: EcoError.self) { try VariableCatalogue.validate(Variable(name: name, unit: "%", domain: .food)) }
    }

    @Test func rangeMustBeOrdered() {
        #expect(throws: EcoError.self) {
            try VariableCatalogue.validate(Variable(name: "x", unit: "%", domain: .food, validMin: 5, validMax: 1))
        }
    }
}
