import EcoML
import EcoRandom
import Foundation
import Testing

/// Reads the committed fixtures (made by scripts/reference/ml_fixtures.py and ml_boosting_reference.py).
enum Fixture {
    static func text(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func json(_ name: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text(name).utf8)) as? [String: Any])
    }

    static func dataset(_ name: String, task: Task) throws -> Dataset {
        try Dataset(csv: CSVTable(parsing: text(name)), target: "target", task: task)
    }
}

/// Small hand-made datasets.
enum Toy {
    /// One feature, classes 0 below 6.5 and 1 above.
    static let separable = Dataset(
        schema: .numeric(count: 1), rows: [[1], [2], [3], [10], [11], [12]],
        target: .classes([0, 0, 0, 1, 1, 1], names: ["low", "high"]))

    /// Two informative numeric features with a categorical one and missing cells, as CSV.
    static func mixedCSV(rows: Int, seed: UInt64) -> String {
        var rng = Xoshiro256StarStar(seed: seed)
        var lines = ["x,colour,noise,label,amount"]
        let colours = ["red", "green", "blue"]
        for _ in 0..<rows {
            let x = rng.unit() * 10
            let colour = colours[rng.below(3)]
            let noise = rng.unit()
            let label = (x > 5) != (colour == "green") ? "yes" : "no"
            let amount = x * 2 + (colour == "green" ? 5 : 0)
            let xCell = rng.below(10) == 0 ? "NA" : "\(x)"
            let colourCell = rng.below(15) == 0 ? "" : colour
            lines.append("\(xCell),\(colourCell),\(noise),\(label),\(amount)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
