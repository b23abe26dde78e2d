import Testing

@testable import EcoForecast

struct AdmissibilityTests {
    // Polynomials lowest power first, with their roots: (z − 0.5)(z + 0.5), (z − 2)(z + 2), (z − 0.9)(z − 1.1), z³ − 0.001.
    @Test(arguments: [
        ([-0.25, 0, 1], true),
        ([-4, 0, 1], false),
        ([0.99, -2, 1], false),
        ([-0.001, 0, 0, 1], true),
    ])
    func schurCohnFindsWhetherRootsAreInsideTheUnitCircle(coefficients: [Double], inside: Bool) {
        var a = coefficients
        var work = [Double](repeating: 0, count: coefficients.count)
        let result = a.withUnsafeMutableBufferPointer { a in
            work.withUnsafeMutableBufferPointer { ETSParameters.rootsInsideUnitDisk(a, degree: coefficients.count - 1, work: $0) }
        }
        #expect(result == inside)
    }

    @Test(arguments: [
        (ETSParameters(alpha: 0.3, beta: 0, gamma: 0.1, phi: 1), true),
        (ETSParameters(alpha: 0.3, beta: 0.05, gamma: 0.2, phi: 0.95), true),
        (ETSParameters(alpha: 0.5, beta: 0, gamma: 1.6, phi: 1), false),
    ])
    func seasonalParametersAreCheckedForForecastability(parameters: ETSParameters, admissible: Bool) {
        var scratch = [Double](repeating: 0, count: 2 * (12 + 2))
        let result = scratch.withUnsafeMutableBufferPointer { parameters.isAdmissibleSeasonal(period: 12, scratch: $0) }
        #expect(result == admissible)
    }
}
