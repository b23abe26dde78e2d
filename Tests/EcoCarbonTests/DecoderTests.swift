import EcoCarbon
import EcoCore
import Testing

/// Activity bodies in JSON, NDJSON and CSV: the same records, and bad rows never cost good ones.
struct DecoderTests {
    static let csv = """
        type,organization,supplier,time,mode,vehicle,distanceKm,loadKg,kWh,region,fuel,quantity,unit,dataQuality
        transport,acme,haulier,2025-03-01T08:00:00Z,road,articulated_truck,420,18000,,,,,,measured
        transport,acme,haulier,2025-03-01T09:00:00Z,hovercraft,,100,1000,,,,,,
        electricity,acme,,1740816000000,,,,,1250,us-camx,,,,estimated
        combustion,acme,,2025-03-02,,,,,,,unobtainium,5,L,
        combustion,acme,,2025-03-02,,,,,,,diesel,400,L,
        transport,acme,haulier,2025-03-01T10:00:00Z,road,articulated_truck,300,500000,,,,,,

        """

    @Test func csvKeepsGoodRowsAndExplainsBadOnes() {
        let batch = ActivityDecoder.decode(Array(Self.csv.utf8), format: .csv)
        #expect(batch.batchError == nil)
        #expect(batch.activities.count == 3)
        #expect(batch.positions.map(\.index) == [0, 2, 4])
        #expect(batch.errors.map(\.index) == [1, 3, 5])
        #expect(batch.errors.map(\.line) == [3, 5, 7])
        #expect(batch.errors.map(\.field) == ["mode", "fuel", "loadKg"])
        #expect(batch.errors[0].reason == "mode 'hovercraft' is not a transport mode; send one of road, rail, sea, inland_waterway, air.")
        #expect(batch.errors[1].reason.contains("'unobtainium' is not a known fuel"))
        let electricity = batch.activities[1]
        #expect(electricity.region == "US-CAMX")
        #expect(electricity.estimated)
        #expect(electricity.timeMs == 1_740_816_000_000)
    }

    @Test func jsonArrayNDJSONAndCSVDecodeTheSameActivity() {
        let json = #"[{"type":"transport","organization":"acme","supplier":"haulier","time":"2025-03-01T08:00:00Z","mode":"road","vehicle":"articulated_truck","distanceKm":420,"loadKg":18000,"origin":"Lyon","destination":"Paris"}]"#
        let ndjson = #"{"type":"transport","organization":"acme","supplier":"haulier","time":"2025-03-01T08:00:00Z","mode":"road","vehicle":"articulated_truck","distanceKm":420,"loadKg":18000,"origin":"Lyon","destination":"Paris"}"#
        let csv = "type,organization,supplier,time,mode,vehicle,distanceKm,loadKg,origin,destination\ntransport,acme,haulier,2025-03-01T08:00:00Z,road,articulated_truck,420,18000,Lyon,Paris\n"
        let decoded = [(json, ObservationFormat.json), (ndjson, .ndjson), (csv, .csv)].map { ActivityDecoder.decode(Array($0.0.utf8), format: $0.1).activities }
        let expected = activity(.transport(TransportActivity(mode: .road, vehicle: .articulatedTruck, distanceKm: 420, loadKg: 18_000, origin: "Lyon", destination: "Paris")), supplier: "haulier", time: march2025 + 8 * 3_600_000)
        for activities in decoded { #expect(activities == [expected]) }
    }

    @Test func ndjsonLineErrorsCarryTheirLine() {
        let body = """
            {"type":"electricity","organization":"acme","time":"2025-03-01","kWh":100,"region":"FR"}
            {"type":"electricity","organization":"acme","time":"2025-03-01","kWh":"lots"}
            not json

            {"type":"refrigerant","organization":"acme","time":"2025-03-01","gas":"R-410A","kg":2}
            """
        let batch = ActivityDecoder.decode(Array(body.utf8), format: .ndjson)
        #expect(batch.activities.count == 2)
        #expect(batch.errors.map(\.line) == [2, 3])
        #expect(batch.errors[0].field == "kWh")
        #expect(batch.errors[1].reason.contains("not valid JSON"))
        #expect(batch.positions.map(\.line) == [1, 5])
    }

    @Test func brokenJSONArrayIsABatchError() {
        let batch = ActivityDecoder.decode(Array(#"[{"type":"electricity""#.utf8), format: .json)
        #expect(batch.batchError != nil)
        #expect(batch.activities.isEmpty)
    }

    @Test func csvWithoutATypeColumnIsABatchError() {
        let batch = ActivityDecoder.decode(Array("organization,time\nacme,2025-03-01\n".utf8), format: .csv)
        #expect(batch.batchError?.reason.contains("no type column") == true)
    }

    @Test func scopeAndCategoryOverridesAreReadAndChecked() {
        let good = #"{"type":"combustion","organization":"acme","time":"2025-03-01","fuel":"diesel","quantity":1,"unit":"gal","category":11}"#
        let bad = #"{"type":"combustion","organization":"acme","time":"2025-03-01","fuel":"diesel","quantity":1,"unit":"gal","scope":1,"category":4}"#
        let batch = ActivityDecoder.decode(Array((good + "\n" + bad).utf8), format: .ndjson)
        #expect(batch.activities.first?.scope == .scope3)
        #expect(batch.activities.first?.category == .useOfSoldProducts)
        #expect(batch.errors.first?.field == "category")
    }
}
