import EcoCarbon
import EcoCore
import Testing

/// Factor sets: the built-in one, uploads with validation, and immutability once published.
struct FactorSetTests {
    @Test func builtInSetIsPublishedValidAndSourced() {
        let set = FactorSet.builtIn
        #expect(set.status == .published)
        #expect(set.factors.count > 300)
        #expect(FactorSetValidator.issues(in: set).filter { $0.severity == .error }.isEmpty)
        for factor in set.factors {
            #expect(!factor.source.document.isEmpty)
            #expect(factor.source.licence?.isEmpty == false)
            #expect(factor.source.published?.isEmpty == false)
        }
        // Every family has a world default, so the region fallback always ends somewhere.
        for subject in ["diesel", "freight/road", "grid", "steam_heat", "R-410A"] {
            #expect(set.factors.contains { $0.subject == subject && $0.region == "WORLD" })
        }
    }

    @Test func publishedSetsCannotChange() throws {
        var set = FactorSet.builtIn
        #expect(throws: CarbonError.publishedSetIsImmutable(version: FactorSet.builtInVersion)) {
            try set.upsert(factor("x", .combustion, "diesel", unit: .gallon, co2: 1))
        }
        #expect(throws: CarbonError.publishedSetIsImmutable(version: FactorSet.builtInVersion)) { try set.remove(id: "epa2025-t1-diesel") }
        var draft = FactorSet(name: "mine", version: "1")
        try draft.upsert(factor("d", .combustion, "diesel", unit: .gallon, co2: 10))
        let published = try draft.published(atMs: march2025)
        #expect(published.status == .published)
        #expect(published.publishedAtMs == march2025)
        #expect(throws: CarbonError.publishedSetIsImmutable(version: "1")) { try published.published(atMs: march2025) }
    }

    static let goodCSV = """
        id,family,subject,region,unit,co2,ch4,n2o,co2e,other_gases,scope,category,year,document,table,row
        my-diesel,combustion,diesel,WORLD,L,2.68,,,,,1,,2024,My supplier's report,T2,diesel
        my-rail,transport,freight/rail,WORLD,tkm,,,,0.02,,3,4,2024,Rail operator statement,,
        my-hfc,refrigerant,R-32,WORLD,kg,,,,,HFC-32:1,1,,2024,Refrigerant sheet,,
        """

    @Test func csvUploadIsReadAsADraft() throws {
        let set = try FactorSetReader.read(Array(Self.goodCSV.utf8), format: .csv, name: "mine", version: "2024.1")
        #expect(set.status == .draft)
        #expect(set.factors.map(\.id) == ["my-diesel", "my-rail", "my-hfc"])
        #expect(set.factors[1].category == .upstreamTransportation)
        #expect(set.factors[2].gases == [GasAmount(gas: "HFC-32", kgPerUnit: 1)])
        // 100 L of diesel under this set: 100 × 2.68 kg.
        let (line, _) = account(activity(.combustion(CombustionActivity(fuel: .diesel, quantity: 100, unit: .litre))), set: set)
        #expect(isClose(line.co2eKg, 268))
        #expect(line.setVersion == "2024.1")
    }

    @Test func jsonUploadReadsTheSameFields() throws {
        let json = #"[{"id":"j1","family":"refrigerant","subject":"R-410A","region":"WORLD","unit":"kg","otherGases":{"HFC-32":0.5,"HFC-125":0.5},"scope":1,"year":2025,"document":"blend sheet"}]"#
        let set = try FactorSetReader.read(Array(json.utf8), format: .json, name: "j", version: "1")
        #expect(set.factors[0].gases.count == 2)
    }

    @Test func duplicateKeysHolesBadUnitsAndUnknownGasesAreAllReported() {
        let csv = """
            id,family,subject,region,unit,co2,co2e,other_gases,scope,year,document
            a,combustion,diesel,WORLD,L,2.68,,,1,2024,doc
            b,combustion,Diesel,world,L,2.7,,,1,2024,doc
            c,electricity,grid,FR,L,,0.05,,2,2024,doc
            d,combustion,petrol,WORLD,L,,,,1,2024,doc
            e,refrigerant,R-999,WORLD,kg,,,HFC-999:1,1,2024,doc
            f,combustion,lpg,WORLD,parsec,1,,,1,2024,doc
            """
        do {
            _ = try FactorSetReader.read(Array(csv.utf8), format: .csv, name: "bad", version: "1")
            Issue.record("a set with problems was accepted")
        } catch {
            let problems = error.problems
            #expect(problems.contains { $0.contains("Line 7: unit 'parsec' is unknown") })
            #expect(problems.contains { $0.contains("Factors a and b share the key combustion/diesel@world") })
            #expect(problems.contains { $0.contains("Factor c is per L (volume), which does not fit electricity") })
            #expect(problems.contains { $0.contains("Factor d has no figure") })
            #expect(problems.contains { $0.contains("names the gas HFC-999, which has no GWP") })
        }
    }

    @Test func regionsWithoutAWorldDefaultAreAWarning() {
        let set = FactorSet(name: "w", version: "1", factors: [factor("fr", .electricity, "grid", region: "FR", unit: .kWh, co2e: 0.05, scope: .scope2)])
        let issues = FactorSetValidator.issues(in: set)
        #expect(issues.map(\.severity) == [.warning])
        #expect(issues[0].message.contains("electricity/grid has no WORLD factor"))
    }

    @Test func regionChainsRunToTheWorld() {
        let tree = RegionTree(factors: FactorSet.builtIn.factors)
        #expect(tree.chain("US-CAMX") == ["US-CAMX", "US", "WORLD"])
        #expect(tree.chain("gcp:europe-west9") == ["gcp:europe-west9", "FR", "WORLD"])
        #expect(tree.chain(nil) == ["WORLD"])
    }
}

extension CarbonError {
    var problems: [String] {
        if case let .invalidFactorSet(list) = self { return list }
        return [message]
    }
}
