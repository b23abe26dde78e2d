extension EventTopic {
    /// A data entry was stored (payload: id, dataType, source, time, h3Index, sha256, contentType, tags);
    /// image classification and enrichment follow this topic.
    public static let entryCreated = "ecotrack.ocean.entry-created"
}

extension NewEvent {
    /// The event of a newly stored entry, keyed by its id.
    public static func entryCreated(_ entry: Entry) -> NewEvent {
        var payload: [String: JSONValue] = [
            "entryId": .string(entry.id), "dataType": .string(entry.dataType.rawValue), "source": .string(entry.source),
            "timeMs": .number(Double(entry.timeMs)), "tags": .array(entry.tags.map(JSONValue.string)),
        ]
        if let cell = entry.cell15 { payload["h3Index"] = .string(Spatial.hex(cell)) }
        if let file = entry.file {
            payload["sha256"] = .string(file.sha256)
            payload["contentType"] = .string(file.contentType)
        }
        return NewEvent(topic: EventTopic.entryCreated, key: entry.id, timeMs: entry.createdAtMs, payloadJSON: JSONValue.object(payload).text)
    }
}
