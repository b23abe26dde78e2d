import EcoAnalytics
import Testing

/// ``PopulationWeighting`` by hand: three populated cells and the cells it must leave out.
@Suite struct PopulationWeightingTests {
    @Test func weightedMeanCountsOnlyCellsWithBoth() throws {
        let cells: [PopulationWeighting.Cell] = [
            .init(value: 10, population: 1000), .init(value: 20, population: 3000), .init(value: 40, population: 0),
            .init(value: 99, population: nil),   // no people: a value, but no weight
            .init(value: nil, population: 500),  // people, no value: counted in `population` only
        ]
        let summary = try PopulationWeighting.summarize(cells, threshold: 15)
        // (10·1000 + 20·3000 + 40·0) / 4000 = 17.5
        #expect(summary.weightedMean == 17.5)
        #expect(summary.population == 4500 && summary.populationWithValue == 4000)
        #expect(summary.cellMean == (10 + 20 + 40 + 99) / 4.0 && summary.minimum == 10 && summary.maximum == 99)
        #expect(summary.populationAbove == 3000)
        #expect(summary.cells == 5 && summary.cellsWithValue == 4 && summary.cellsWithPopulation == 4)
    }

    @Test func noOverlapHasNoMeanAndBadPopulationIsAnError() throws {
        let apart = try PopulationWeighting.summarize([.init(value: 3, population: nil), .init(value: nil, population: 10)])
        #expect(apart.weightedMean == nil && apart.populationAbove == nil && apart.cellMean == 3)
        #expect(throws: PopulationWeightingError.badPopulation(index: 1, value: -5)) {
            try PopulationWeighting.summarize([.init(value: 1, population: 2), .init(value: 1, population: -5)])
        }
    }
}
