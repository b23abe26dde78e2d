/// Forecastability of seasonal ETS parameters: the discount matrix's eigenvalues must lie in the unit disk
/// (Hyndman, Akram & Archibald 2008, "The admissible parameter space for exponential smoothing models";
/// forecast's `admissible()`, used by its default `bounds = "both"`).
extension ETSParameters {
    /// True when the seasonal model with period `m` is admissible. `scratch` needs `2 × (m + 2)` values.
    func isAdmissibleSeasonal(period m: Int, scratch: UnsafeMutableBufferPointer<Double>) -> Bool {
        let phi = self.phi
        let gamma = self.gamma
        if gamma < max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha { return false }
        if alpha < 1 - 1 / phi - gamma * (1 - Double(m) + phi + phi * Double(m)) / (2 * phi * Double(m)) { return false }
        if beta < -(1 - phi) * (gamma / Double(m) + alpha) { return false }
        // Characteristic polynomial, lowest power first, degree m + 1 and monic.
        let degree = m + 1
        let middle = alpha + beta - alpha * phi
        scratch[0] = phi * (1 - alpha - gamma)
        scratch[1] = middle + gamma - 1
        if m > 2 { for power in 2..<m { scratch[power] = middle } }
        scratch[m] = alpha + beta - phi
        scratch[degree] = 1
        // Roots within radius 1 + 1e-10 ⇔ roots of p((1 + 1e-10) z) within the unit disk.
        var radiusPower = 1.0
        for power in 0...degree {
            scratch[power] *= radiusPower
            radiusPower *= 1 + 1e-10
        }
        return Self.rootsInsideUnitDisk(scratch, degree: degree, work: UnsafeMutableBufferPointer(rebasing: scratch[(degree + 1)...]))
    }

    /// Schur–Cohn test: all roots of Σ a_i z^i (degree `degree`) strictly inside the unit circle.
    static func rootsInsideUnitDisk(_ a: UnsafeMutableBufferPointer<Double>, degree: Int, work: UnsafeMutableBufferPointer<Double>) -> Bool {
        var n = degree
        while n > 0 {
            let leading = a[n]
            let constant = a[0]
            guard abs(constant) < abs(leading) else { return false }
            // q(z) = (a_n p(z) − a_0 p*(z)) / z has the same number of roots inside as p, minus one.
            for i in 1...n { work[i - 1] = leading * a[i] - constant * a[n - i] }
            var scale = 0.0
            for i in 0..<n { scale = max(scale, abs(work[i])) }
            guard scale > 0 else { return false }
            for i in 0..<n { a[i] = work[i] / scale }
            n -= 1
        }
        return true
    }
}
