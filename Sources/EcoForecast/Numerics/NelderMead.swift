/// Nelder–Mead simplex minimisation inside a box, with restarts from the best point.
///
/// Points are projected onto the box; the objective may return `.infinity` for inadmissible points.
/// Coefficients are the standard ones (reflection 1, expansion 2, contraction 0.5, shrink 0.5).
struct NelderMead {
    var lower: [Double]
    var upper: [Double]
    /// Initial simplex edge per coordinate.
    var steps: [Double]
    var maxEvaluations: Int
    /// Stop when the spread of the simplex values is below `tolerance × (|best| + tolerance)`.
    var tolerance = 1e-8
    var restarts = 1

    /// The best point found and its value.
    func minimize(from start: [Double], _ objective: ([Double]) -> Double) -> (point: [Double], value: Double) {
        var best = project(start)
        var bestValue = objective(best)
        var evaluations = 1
        for _ in 0...restarts {
            let (point, value, used) = run(from: best, objective, budget: maxEvaluations - evaluations)
            evaluations += used
            let improved = value < bestValue - tolerance * (abs(bestValue) + tolerance)
            if value < bestValue {
                best = point
                bestValue = value
            }
            if !improved || evaluations >= maxEvaluations { break }
        }
        return (best, bestValue)
    }

    private func project(_ point: [Double]) -> [Double] {
        var point = point
        for index in point.indices { point[index] = min(max(point[index], lower[index]), upper[index]) }
        return point
    }

    private func run(from start: [Double], _ objective: ([Double]) -> Double, budget: Int) -> ([Double], Double, Int) {
        let dimension = start.count
        var simplex = [start]
        for index in 0..<dimension {
            var vertex = start
            vertex[index] += steps[index]
            if vertex[index] > upper[index] { vertex[index] = start[index] - steps[index] }
            simplex.append(project(vertex))
        }
        var values = simplex.map(objective)
        var evaluations = values.count
        var order = Array(0...dimension)
        var centroid = [Double](repeating: 0, count: dimension)
        var trial = centroid
        var trial2 = centroid

        while evaluations < budget {
            order.sort { values[$0] < values[$1] }
            let bestIndex = order[0]
            let worstIndex = order[dimension]
            let secondWorst = values[order[dimension - 1 < 0 ? 0 : dimension - 1]]
            let spread = values[worstIndex] - values[bestIndex]
            if spread.isFinite && spread <= tolerance * (abs(values[bestIndex]) + tolerance) { break }

            for index in 0..<dimension { centroid[index] = 0 }
            for vertexIndex in order.dropLast() {
                for index in 0..<dimension { centroid[index] += simplex[vertexIndex][index] }
            }
            for index in 0..<dimension { centroid[index] /= Double(dimension) }

            func point(_ coefficient: Double, into target: inout [Double]) {
                for index in 0..<dimension {
                    let value = centroid[index] + coefficient * (simplex[worstIndex][index] - centroid[index])
                    target[index] = min(max(value, lower[index]), upper[index])
                }
            }
            point(-1, into: &trial)
            let reflected = objective(trial)
            evaluations += 1
            if reflected < values[bestIndex] {
                point(-2, into: &trial2)
                let expanded = objective(trial2)
                evaluations += 1
                if expanded < reflected {
                    simplex[worstIndex] = trial2
                    values[worstIndex] = expanded
                } else {
                    simplex[worstIndex] = trial
                    values[worstIndex] = reflected
                }
                continue
            }
            if reflected < secondWorst {
                simplex[worstIndex] = trial
                values[worstIndex] = reflected
                continue
            }
            let outside = reflected < values[worstIndex]
            point(outside ? -0.5 : 0.5, into: &trial2)
            let contracted = objective(trial2)
            evaluations += 1
            if contracted < min(reflected, values[worstIndex]) {
                simplex[worstIndex] = trial2
                values[worstIndex] = contracted
                continue
            }
            // Shrink towards the best vertex.
            for vertexIndex in order.dropFirst() {
                for index in 0..<dimension {
                    simplex[vertexIndex][index] = simplex[bestIndex][index] + 0.5 * (simplex[vertexIndex][index] - simplex[bestIndex][index])
                }
                values[vertexIndex] = objective(simplex[vertexIndex])
            }
            evaluations += dimension
        }
        let bestIndex = values.indices.min { values[$0] < values[$1] }!
        return (simplex[bestIndex], values[bestIndex], evaluations)
    }
}
