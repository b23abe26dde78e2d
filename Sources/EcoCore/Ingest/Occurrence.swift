/// One biodiversity occurrence record: a species seen (or looked for and not seen) at a place and time.
///
/// Read from Darwin Core columns by ``DarwinCoreOccurrences``; stored by the occurrence store.
public struct Occurrence: Sendable, Equatable, Hashable {
    /// The record's `occurrenceID`, when the source gave one (the deduplication key then).
    public var occurrenceID: String?
    /// URL-safe id of the species, e.g. `quercus-robur` (see ``SpeciesName``).
    public var speciesId: String
    /// Canonical scientific name (genus and epithets, authorship removed), e.g. `Quercus robur`.
    public var scientificName: String
    /// Latitude in degrees (WGS 84).
    public var lat: Double
    /// Longitude in degrees (WGS 84).
    public var lng: Double
    /// Start of the event, milliseconds since the Unix epoch (UTC).
    public var observedAtMs: Int64
    /// False for records whose `occurrenceStatus` is `absent` (or whose `individualCount` is 0).
    public var present: Bool
    /// Darwin Core `basisOfRecord`, e.g. `HumanObservation`, `PreservedSpecimen`.
    public var basisOfRecord: String?
    /// Darwin Core `coordinateUncertaintyInMeters`.
    public var coordinateUncertaintyMeters: Double?
    /// Darwin Core `individualCount`.
    public var individualCount: Int?

    public init(occurrenceID: String? = nil, speciesId: String, scientificName: String, lat: Double, lng: Double, observedAtMs: Int64,
                present: Bool = true, basisOfRecord: String? = nil, coordinateUncertaintyMeters: Double? = nil, individualCount: Int? = nil) {
        self.occurrenceID = occurrenceID
        self.speciesId = speciesId
        self.scientificName = scientificName
        self.lat = lat
        self.lng = lng
        self.observedAtMs = observedAtMs
        self.present = present
        self.basisOfRecord = basisOfRecord
        self.coordinateUncertaintyMeters = coordinateUncertaintyMeters
        self.individualCount = individualCount
    }

    /// The resolution-15 H3 cell of the record's position, as stored.
    public var cell15: UInt64 { Spatial.cell15(lat: lat, lng: lng) }
}
