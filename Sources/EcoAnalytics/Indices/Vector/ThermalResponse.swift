/// A unimodal thermal performance curve of a mosquito or pathogen trait, zero outside (T0, Tm): the two
/// forms fitted by Mordecai et al. (2017), after Brière et al. (1999).
public enum ThermalResponse: Sendable, Equatable {
    /// c·T·(T − T0)·√(Tm − T): asymmetric, for rates (biting, development).
    case briere(c: Double, t0: Double, tm: Double)
    /// c·(T − T0)·(Tm − T): symmetric, for probabilities and lifespans (Mordecai prints −c·(T − T0)·(T − Tm)).
    case quadratic(c: Double, t0: Double, tm: Double)

    /// The trait at `temperature` °C.
    public func value(at temperature: Double) -> Double {
        switch self {
        case let .briere(c, t0, tm):
            guard temperature > t0, temperature < tm else { return 0 }
            return c * temperature * (temperature - t0) * (tm - temperature).squareRoot()
        case let .quadratic(c, t0, tm):
            guard temperature > t0, temperature < tm else { return 0 }
            return c * (temperature - t0) * (tm - temperature)
        }
    }
}
