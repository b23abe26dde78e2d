import EcoCarbon
import Testing

/// Bad activities are rejected with the field and a sentence saying how to fix them.
struct ValidationTests {
    func failure(_ detail: ActivityDetail, region: String? = nil) -> CarbonError? {
        do {
            try ActivityValidator.validate(activity(detail, supplier: "s", region: region))
            return nil
        } catch {
            return error
        }
    }

    func field(_ error: CarbonError?) -> String? {
        if case let .invalidActivity(field, _)? = error { return field }
        return nil
    }

    @Test func aTruckCarrying500TonnesIsImpossible() {
        let error = failure(.transport(TransportActivity(mode: .road, vehicle: .articulatedTruck, distanceKm: 300, loadKg: 500_000)))
        #expect(field(error) == "loadKg")
        #expect(error?.message.contains("500.0 t is more than a vehicle of type articulated_truck can carry (≤ 44.0 t)") == true)
    }

    @Test func roadLoadsBeyondAnyRoadVehicleAreImpossibleEvenWithoutAVehicleType() {
        #expect(field(failure(.transport(TransportActivity(mode: .road, distanceKm: 300, loadKg: 500_000)))) == "loadKg")
    }

    @Test(arguments: [-5.0, 50_000.0, Double.nan])
    func negativeOrImpossibleDistancesAreRejected(distance: Double) {
        #expect(field(failure(.transport(TransportActivity(mode: .road, distanceKm: distance, loadKg: 1000)))) == "distanceKm")
    }

    @Test func vehicleOfAnotherModeIsRejected() {
        let error = failure(.transport(TransportActivity(mode: .road, vehicle: .containerShip, tonneKm: 10)))
        #expect(field(error) == "vehicle")
        #expect(error?.message.contains("container_ship is a sea vehicle, not road") == true)
    }

    @Test func fuelTheModeDoesNotUseIsRejected() {
        #expect(field(failure(.transport(TransportActivity(mode: .air, fuel: .diesel, tonneKm: 10)))) == "fuel")
    }

    @Test func tonneKmDisagreeingWithLoadAndDistanceIsRejected() {
        #expect(field(failure(.transport(TransportActivity(mode: .rail, distanceKm: 100, loadKg: 10_000, tonneKm: 5000)))) == "tonneKm")
    }

    // A leg with neither work, load, fuel nor distance is refused; a distance alone is accepted, its load
    // estimated from history when accounted (LoadEstimatorTests).
    @Test func freightWithoutWorkIsRejected() {
        #expect(field(failure(.transport(TransportActivity(mode: .sea, loadKg: 1000)))) == "tonneKm")
        #expect(failure(.transport(TransportActivity(mode: .sea, distanceKm: 100))) == nil)
    }

    @Test func fuelQuantityInADistanceUnitIsAUnitMismatch() {
        let error = failure(.combustion(CombustionActivity(fuel: .diesel, quantity: 10, unit: .tonneKm)))
        #expect(field(error) == "unit")
        #expect(error?.message.contains("tkm measures freight, which does not fit a fuel quantity") == true)
    }

    @Test func electricityIsNotBurned() {
        #expect(field(failure(.combustion(CombustionActivity(fuel: .electricity, quantity: 10, unit: .kWh)))) == "fuel")
    }

    @Test func ratesInGramsAreCaught() {
        #expect(field(failure(.electricity(ElectricityActivity(kWh: 10, supplierRateKgPerKWh: 350)))) == "supplierRate")
        #expect(field(failure(.electricity(ElectricityActivity(kWh: 10, instrument: ContractualInstrument(kind: .certificate, share: 1.5))))) == "instrumentShare")
    }

    @Test func negativeQuantitiesAreRejected() {
        #expect(field(failure(.electricity(ElectricityActivity(kWh: -1)))) == "kWh")
        #expect(field(failure(.refrigerant(RefrigerantActivity(gas: "R-32", kg: -2)))) == "kg")
        #expect(field(failure(.compute(ComputeActivity()))) == "kWh")
    }

    @Test func timeOutsideTheAcceptedRangeIsRejected() {
        var bad = activity(.electricity(ElectricityActivity(kWh: 1)))
        bad.timeMs = 0
        #expect(throws: CarbonError.self) { try ActivityValidator.validate(bad) }
    }
}
