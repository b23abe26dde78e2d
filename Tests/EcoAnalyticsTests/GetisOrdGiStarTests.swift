import EcoAnalytics
import Foundation
import Testing

/// One case of Fixtures/analytics_gistar.json (made by scripts/reference/analytics_gistar.py with PySAL esda).
struct GiStarFixtureCase: Decodable {
    var name: String
    var values: [Double]
    var neighbours: [[Int]]
    var zScores: [Double]
    var pNormOneSided: [Double]
}

func giStarFixture() throws -> [GiStarFixtureCase] {
    struct File: Decodable { var cases: [GiStarFixtureCase] }
    let url = try #require(Bundle.module.url(forResource: "analytics_gistar", withExtension: "json", subdirectory: "Fixtures"))
    return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
}

struct GetisOrdGiStarTests {
    @Test func zScoresMatchPySALEsdaToOneInABillion() throws {
        for fixture in try giStarFixture() {
            let scores = GetisOrdGiStar.scores(values: fixture.values, neighbours: fixture.neighbours)
            for (score, expected) in zip(scores, fixture.zScores) {
                #expect(abs(score.zScore - expected) <= 1e-9, "\(fixture.name)")
            }
            for (score, oneSided) in zip(scores, fixture.pNormOneSided) {
                #expect(abs(score.pValue - 2 * oneSided) <= 1e-9, "\(fixture.name)")
            }
            #expect(scores[0].classification == .hot99, "the planted hot corner")
        }
    }

    @Test func cellIdsAndANeighbourFunctionGiveTheSameScores() throws {
        let fixture = try #require(try giStarFixture().first)
        let cells = fixture.values.indices.map { UInt64(0x8700_0000_0000_0000) + UInt64($0) }
        // gridDisk-style: the function returns self and neighbours, plus one cell without a value.
        let hotspots = GetisOrdGiStar.hotspots(cells: cells, values: fixture.values) { cell in
            let index = Int(cell - cells[0])
            return [cell, 42] + fixture.neighbours[index].map { cells[$0] }
        }
        for (hotspot, expected) in zip(hotspots, fixture.zScores) { #expect(abs(hotspot.score.zScore - expected) <= 1e-9) }
        #expect(hotspots.map(\.cell) == cells)
    }

    @Test(arguments: [
        (2.6, HotspotClass.hot99), (2.0, .hot95), (1.7, .hot90), (1.6, .notSignificant),
        (-1.7, .cold90), (-2.0, .cold95), (-3.0, .cold99),
    ])
    func zScoresAreClassifiedByTwoSidedConfidence(z: Double, expected: HotspotClass) {
        #expect(HotspotClass(zScore: z) == expected)
    }

    @Test func constantValuesHaveNoHotspots() {
        let scores = GetisOrdGiStar.scores(values: [3, 3, 3], neighbours: [[1], [0, 2], [1]])
        #expect(scores.allSatisfy { $0.zScore == 0 && $0.pValue == 1 && $0.classification == .notSignificant })
    }
}
