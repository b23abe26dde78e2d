import EcoAnalytics
import EcoCore
import Foundation
import Testing

/// docs/detection.md states the detector's valid ranges; they must be the ones the server enforces (issue #21).
struct DetectorDocTests {
    @Test func rangesInTheDocsAreTheCataloguesOwn() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: docs.appendingPathComponent("docs/detection.md"), encoding: .utf8)
        let start = try #require(text.range(of: "Variable defaults (`VariableDetectorDefaults`)"))
        let paragraph = String(text[start.lowerBound...]).components(separatedBy: "\n\n")[0]
        // "pm25 0…2000", "sea_surface_temperature −2.5…40": name, lower, upper.
        let pattern = try NSRegularExpression(pattern: #"([a-z0-9_]+) ([−-]?[0-9.]+)…([0-9.]+)"#)
        var stated: [String: (Double, Double)] = [:]
        for match in pattern.matches(in: paragraph, range: NSRange(paragraph.startIndex..., in: paragraph)) {
            let part = { (i: Int) in String(paragraph[Range(match.range(at: i), in: paragraph)!]) }
            stated[part(1)] = (Double(part(2).replacingOccurrences(of: "−", with: "-"))!, Double(part(3))!)
        }
        #expect(stated["pm25"] != nil, "the pm25 range is no longer stated in docs/detection.md")
        let catalogue = VariableCatalogue()
        for (name, (lower, upper)) in stated {
            guard let variable = catalogue[name] else { continue }
            #expect(variable.validMin == lower && variable.validMax == upper, "docs/detection.md says \(name) \(lower)…\(upper)")
            let range = VariableDetectorDefaults.configuration(forVariable: name).validRange
            #expect(range?.lower == lower && range?.upper == upper)
        }
    }
}
