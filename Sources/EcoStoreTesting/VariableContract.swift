import EcoCore
import EcoStore

/// The promises of ``VariableStore``.
enum VariableContract {
    static let cases: [ContractCase] = [
        ContractCase("VariableStore", "registered variables persist and a different definition is refused") { subject in
            let store = subject.store
            let soil = Variable(name: "soil_moisture", unit: "%", domain: .food, validMin: 0, validMax: 100)
            try await store.register(soil)
            try await store.register(soil)
            try expect(try await store.registeredVariables() == [soil])
            var other = soil
            other.unit = "m3/m3"
            let error = try await expectThrows(EcoError.self, "a second definition under the same name") { try await store.register(other) }
            try expectEqual(error, EcoError.variableExists(name: "soil_moisture"), "error")
            let reopened = try await subject.reopen()
            try expectEqual(try await reopened.registeredVariables(), [soil], "variables after reopening")
        },
    ]
}
