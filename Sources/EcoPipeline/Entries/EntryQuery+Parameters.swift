import EcoCore
import EcoStore

extension EntryQuery {
    /// The listing a query string asks for: `type`, `source` (comma lists), `tags` (comma list) with
    /// `match=all` (the default) or `any`, `start`/`end`, `bbox` or `h3` (comma list of cells),
    /// `llmTags` (comma list, all must be among the enrichment's tags), `processed`, `label`, `hash`, `limit` and `cursor`. A tag no entry carries gives an empty page.
    /// - Throws: ``EcoError/badRequest(_:)`` naming the parameter and a good value.
    public init(parameters: QueryParameters, maxLimit: Int) throws {
        self.init(limit: try parameters.int("limit", default: min(100, maxLimit), range: 1...maxLimit))
        func list(_ name: String) -> [String]? {
            let items = parameters.string(name)?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return items?.isEmpty == false ? items : nil
        }
        if let types = list("type") {
            var parsed = Set<EntryDataType>()
            for name in types {
                do { parsed.insert(try EntryDataType(parsing: name)) } catch { throw EcoError.badRequest("'type': " + error.message) }
            }
            dataTypes = parsed
        }
        sources = list("source").map(Set.init)
        if let tags = list("tags") {
            let normal: [String]
            do { normal = try EntryTags.normalise(tags) } catch { throw EcoError.badRequest("'tags': " + error.message) }
            switch parameters.string("match") ?? "all" {
            case "all": tagsAll = normal
            case "any": tagsAny = normal
            case let other: throw EcoError.badRequest("'match' must be all or any; got '\(other)'.")
            }
        }
        if let tags = list("llmTags") {
            do { llmTags = try EntryTags.normalise(tags) } catch { throw EcoError.badRequest("'llmTags': " + error.message) }
        }
        let window = try parameters.window()
        fromMs = window.startMs == .min ? nil : window.startMs
        toMs = window.endMs == .max ? nil : window.endMs
        if let box = try parameters.bbox() {
            boundingBox = box
            cellRanges = Spatial.ranges(covering: box)
        }
        if let cells = list("h3") {
            guard boundingBox == nil else { throw EcoError.badRequest("Give 'bbox' or 'h3', not both.") }
            cellRanges = try cells.map { text in
                guard let cell = Spatial.cell(hex: text) else {
                    throw EcoError.badRequest("'h3' must list H3 cell ids of 15 hex digits, e.g. h3=872830828ffffff; got '\(text)'.")
                }
                return Spatial.range15(of: cell)
            }
        }
        if parameters.string("processed") != nil { processed = try parameters.flag("processed") }
        label = parameters.string("label")
        if let hash = parameters.string("hash") {
            guard let key = ObjectKey(sha256: hash) else { throw EcoError.badRequest("'hash' must be a SHA-256 of 64 hex digits; got '\(hash)'.") }
            sha256 = key.sha256
        }
        if let cursor = parameters.string("cursor") {
            guard let position = Int64(cursor), position > 0 else {
                throw EcoError.badRequest("'cursor' must be the nextCursor of a previous page; got '\(cursor)'.")
            }
            before = position
        }
    }
}
