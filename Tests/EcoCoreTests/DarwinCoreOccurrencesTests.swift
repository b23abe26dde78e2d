import EcoCore
import Testing

@Suite struct DarwinCoreOccurrencesTests {
    static func parse(_ text: String) -> DarwinCoreOccurrences.Batch { DarwinCoreOccurrences.parse(Array(text.utf8)) }

    @Test func readsTheRequiredColumnsAndKeysTheSpeciesBySlug() throws {
        let batch = Self.parse("""
            occurrenceID,scientificName,decimalLatitude,decimalLongitude,eventDate,basisOfRecord
            o1,Quercus robur L.,51.5,-0.12,2020-05-01,HumanObservation
            o2,"Vulpes vulpes (Linnaeus, 1758)",48.85,2.35,2021-06-02T08:30:00Z,PreservedSpecimen

            """)
        #expect(batch.errors.isEmpty && batch.headerError == nil)
        #expect(batch.occurrences.map(\.speciesId) == ["quercus-robur", "vulpes-vulpes"])
        #expect(batch.occurrences.map(\.scientificName) == ["Quercus robur", "Vulpes vulpes"])
        #expect(batch.lines == [2, 3])
        let oak = try #require(batch.occurrences.first)
        #expect(oak.occurrenceID == "o1" && oak.lat == 51.5 && oak.lng == -0.12 && oak.present && oak.basisOfRecord == "HumanObservation")
        #expect(oak.observedAtMs == Timestamp.parse("2020-05-01T00:00:00Z"))
        #expect(batch.occurrences[1].observedAtMs == Timestamp.parse("2021-06-02T08:30:00Z"))
    }

    @Test(arguments: [
        ("2020-05-01", "2020-05-01T00:00:00Z"),
        ("2020-05-01T09:30:00Z", "2020-05-01T09:30:00Z"),
        ("2020-05-01T11:30:00+02:00", "2020-05-01T09:30:00Z"),
        ("2020-05-01/2020-05-31", "2020-05-01T00:00:00Z"),
        ("2020-05", "2020-05-01T00:00:00Z"),
        ("2020-05/2020-06", "2020-05-01T00:00:00Z"),
        ("2019", "2019-01-01T00:00:00Z"),
    ])
    func eventDatesTakeTheStartOfTheEvent(text: String, expected: String) {
        #expect(DarwinCoreOccurrences.eventStart(text) == Timestamp.parse(expected))
    }

    @Test(arguments: ["May 2020", "2020-13-01", "20-05-01", "2020-5", ""])
    func unreadableEventDatesAreNil(text: String) {
        #expect(DarwinCoreOccurrences.eventStart(text) == nil)
    }

    @Test(arguments: [
        ("Quercus robur", "quercus-robur"),
        ("Quercus robur L.", "quercus-robur"),
        ("  Quercus   robur  ", "quercus-robur"),
        ("Vulpes vulpes (Linnaeus, 1758)", "vulpes-vulpes"),
        ("Picea abies subsp. obovata (Ledeb.) Hultén", "picea-abies-subsp-obovata"),
        ("Mentha × piperita L.", "mentha-piperita"),
        ("Quercus", "quercus"),
        ("Ménétriés", "menetries"),
    ])
    func speciesIdsAreURLSafeSlugsOfTheCanonicalName(name: String, slug: String) {
        #expect(SpeciesName.slug(name) == slug)
    }

    @Test func badRowsAreReportedWithLineFieldAndFixWhileGoodRowsAreKept() {
        let batch = Self.parse("""
            scientificName,decimalLatitude,decimalLongitude,eventDate,occurrenceStatus,individualCount,coordinateUncertaintyInMeters
            Quercus robur,51.5,-0.1,2020-05-01,present,3,25
            ,51.5,-0.1,2020-05-01,,,
            Quercus robur,95,-0.1,2020-05-01,,,
            Quercus robur,51.5,abc,2020-05-01,,,
            Quercus robur,51.5,-0.1,May 2020,,,
            Quercus robur,51.5,-0.1,2020-05-01,maybe,,
            Quercus robur,51.5,-0.1,2020-05-01,,-2,
            Quercus robur,51.5,-0.1,2020-05-01,,,-5
            Quercus robur,51.5,-0.1,2020-05-01,,
            Quercus robur,0,0,2020-05-01,,,
            Quercus robur,52.0,-1.0,2020-06-01,absent,,
            Quercus robur,52.1,-1.1,2020-06-02,,0,
            """)
        #expect(batch.occurrences.count == 3)
        #expect(batch.occurrences.map(\.present) == [true, false, false])
        #expect(batch.occurrences[0].individualCount == 3 && batch.occurrences[0].coordinateUncertaintyMeters == 25)
        #expect(batch.errors.map(\.line) == [3, 4, 5, 6, 7, 8, 9, 10, 11])
        #expect(batch.errors.map(\.field) == ["scientificName", "decimalLatitude", "decimalLongitude", "eventDate", "occurrenceStatus",
                                              "individualCount", "coordinateUncertaintyInMeters", nil, "decimalLatitude"])
        #expect(batch.errors.map(\.index) == Array(1...9))
        #expect(batch.errors[1].reason.contains("swapped"))
        #expect(batch.errors[3].reason.contains("2020-05-01/2020-05-31"))
        #expect(batch.errors[7].reason.contains("header has 7"))
    }

    @Test func quotedFieldsMayHoldCommasQuotesAndLineBreaks() {
        let batch = Self.parse("scientificName,locality,decimalLatitude,decimalLongitude,eventDate\r\n"
            + "\"Quercus robur L.\",\"Kew, \"\"old\"\" park\nnorth\",51.48,-0.29,2020-05-01\r\n"
            + "Quercus robur,plain,51.49,-0.3,2020-05-02\r\n")
        #expect(batch.errors.isEmpty)
        #expect(batch.occurrences.count == 2)
        #expect(batch.lines == [2, 4])
    }

    @Test func anUnclosedQuoteIsReportedForItsRow() {
        let batch = Self.parse("scientificName,decimalLatitude,decimalLongitude,eventDate\nQuercus robur,51.5,-0.1,2020-05-01\n\"Quercus robur,51.5,-0.1,2020-05-01\n")
        #expect(batch.occurrences.count == 1)
        #expect(batch.errors.first?.line == 3)
        #expect(batch.errors.first?.reason.contains("never closed") == true)
    }

    @Test func tabSeparatedGBIFDownloadsAreReadWithLiteralQuotes() {
        let batch = Self.parse("gbifID\tdwc:scientificName\tdecimalLatitude\tdecimalLongitude\teventDate\tlocality\n"
            + "1\tQuercus robur L.\t51.5\t-0.1\t2020-05-01T00:00:00\t\"big\" oak\n")
        #expect(batch.errors.isEmpty && batch.headerError == nil)
        #expect(batch.occurrences.first?.speciesId == "quercus-robur")
    }

    @Test(arguments: [
        ("scientificName,decimalLatitude,eventDate\nQuercus robur,51,2020-01-01\n", "Missing: decimalLongitude"),
        ("scientificName,scientificName,decimalLatitude,decimalLongitude,eventDate\n", "twice"),
        ("", "empty"),
    ])
    func anUnusableHeaderSaysWhatTheHeaderNeeds(body: String, hint: String) {
        let batch = Self.parse(body)
        #expect(batch.occurrences.isEmpty)
        #expect(batch.headerError?.contains(hint) == true, "\(batch.headerError ?? "nil")")
    }

    @Test func aByteOrderMarkIsIgnored() {
        let batch = DarwinCoreOccurrences.parse([0xEF, 0xBB, 0xBF] + Array("scientificName,decimalLatitude,decimalLongitude,eventDate\nQuercus robur,51.5,-0.1,2020\n".utf8))
        #expect(batch.occurrences.count == 1 && batch.headerError == nil)
    }
}
