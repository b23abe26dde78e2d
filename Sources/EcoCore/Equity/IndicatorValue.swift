/// One socio-economic indicator value of an H3 cell, as a user imported it (issue #17, equity): the share of
/// low-income households, say, with the source it came from and the date it describes.
public struct IndicatorValue: Sendable, Equatable, Hashable {
    /// Indicator name: 1–64 lower-case letters, digits and `_` (``IndicatorValue/isValidName(_:)``).
    public var indicator: String
    /// The H3 cell (any resolution) the value describes.
    public var cell: UInt64
    public var value: Double
    /// Where the value comes from (a census table, a survey), as the importer names it.
    public var source: String
    /// The date the value describes: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public var date: String

    public init(indicator: String, cell: UInt64, value: Double, source: String, date: String) {
        self.indicator = indicator
        self.cell = cell
        self.value = value
        self.source = source
        self.date = date
    }

    /// Whether `name` is a usable indicator name.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// Whether `date` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a month 01–12 and a day 01–31.
    public static func isValidDate(_ date: String) -> Bool {
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }) else { return false }
        if parts.count > 1 { guard parts[1].count == 2, (1...12).contains(Int(parts[1])!) else { return false } }
        if parts.count > 2 { guard parts[2].count == 2, (1...31).contains(Int(parts[2])!) else { return false } }
        return true
    }
}

/// What is stored of one indicator.
public struct IndicatorSummary: Sendable, Equatable, Encodable {
    public var indicator: String
    public var cells: Int
    public var sources: [String]
    /// Earliest and latest `date` (as text, which sorts like the dates).
    public var firstDate: String
    public var lastDate: String

    public init(indicator: String, cells: Int, sources: [String], firstDate: String, lastDate: String) {
        self.indicator = indicator
        self.cells = cells
        self.sources = sources
        self.firstDate = firstDate
        self.lastDate = lastDate
    }
}
