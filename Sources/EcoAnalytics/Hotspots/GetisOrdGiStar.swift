import Foundation

/// Gi* of one location: the standardised local sum of its neighbourhood (itself included).
public struct GiStarScore: Codable, Sendable, Equatable {
    /// Gi* as a z-score (Getis & Ord 1995, eq. for Gi*); positive means a cluster of high values.
    public var zScore: Double
    /// Two-sided p-value of `zScore` under the standard normal (analytical, no permutations).
    public var pValue: Double
    /// Hot or cold spot at 90/95/99 % confidence.
    public var classification: HotspotClass
}

/// One cell's Gi* result.
public struct CellHotspot: Codable, Sendable, Equatable {
    /// The cell's opaque id (an H3 index for the server).
    public var cell: UInt64
    public var value: Double
    public var score: GiStarScore
}

/// The Getis-Ord Gi* hot-spot statistic with binary weights.
///
/// For location i with neighbourhood Nᵢ (i itself included) of size Wᵢ, over n locations with
/// mean x̄ and population standard deviation S:
///
///     Gi* = (Σ_{j∈Nᵢ} xⱼ − x̄·Wᵢ) / (S·√((n·Wᵢ − Wᵢ²) / (n − 1)))
///
/// (Getis, A. & Ord, J. K. 1992/1995; Ord & Getis 1995, Geographical Analysis 27(4)).
/// It equals PySAL `esda.G_Local(transform="B", star=True).Zs` whenever the mean is positive.
public enum GetisOrdGiStar {
    /// Gi* for `values[i]` with neighbour index lists `neighbours[i]`.
    ///
    /// Self is added when a list lacks it; duplicates and indices outside `values` are ignored.
    /// With fewer than two locations or constant values every z-score is 0 (p = 1).
    public static func scores(values: [Double], neighbours: [[Int]]) -> [GiStarScore] {
        precondition(values.count == neighbours.count, "one neighbour list per value")
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let meanOfSquares = values.reduce(0) { $0 + $1 * $1 } / n
        let std = (max(meanOfSquares - mean * mean, 0)).squareRoot()
        return values.indices.map { i in
            var members = Set(neighbours[i].filter { values.indices.contains($0) })
            members.insert(i)
            let weight = Double(members.count)
            let localSum = members.reduce(0.0) { $0 + values[$1] }
            let spread = std * ((n * weight - weight * weight) / (n - 1)).squareRoot()
            let z = values.count > 1 && spread > 0 ? (localSum - mean * weight) / spread : 0
            return GiStarScore(zScore: z, pValue: erfc(abs(z) / 2.0.squareRoot()), classification: HotspotClass(zScore: z))
        }
    }

    /// Gi* for cells with values, neighbours given by `neighbours(cell)` (e.g. H3 gridDisk k = 1).
    ///
    /// Neighbours without a value in `cells` are left out of the neighbourhood.
    public static func hotspots(cells: [UInt64], values: [Double], neighbours: (UInt64) -> [UInt64]) -> [CellHotspot] {
        precondition(cells.count == values.count, "one value per cell")
        var indexOfCell: [UInt64: Int] = [:]
        indexOfCell.reserveCapacity(cells.count)
        for (index, cell) in cells.enumerated() { indexOfCell[cell] = index }
        let lists = cells.map { cell in neighbours(cell).compactMap { indexOfCell[$0] } }
        let results = scores(values: values, neighbours: lists)
        return cells.indices.map { CellHotspot(cell: cells[$0], value: values[$0], score: results[$0]) }
    }
}
