/// Keeps an upload and the collection of the same object apart, within one process.
///
/// An upload *pins* its object's key once the last byte has been hashed, before the object store makes
/// the object visible, and holds the pin until its entry is committed. Collecting an object (deleting it
/// when no entry references it) is skipped while the key is pinned — that upload is about to reference
/// it — and a pin asked for while a collection runs waits for it to finish, so the upload then stores the
/// bytes afresh. Without this, an upload of bytes already stored could be answered with an object that a
/// concurrent deletion removes a moment later, leaving an entry without its file.
actor ObjectGate {
    private var pins: [String: Int] = [:]
    private var collecting: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Pins `key`, waiting while it is being collected.
    func pin(_ key: String) async {
        while collecting.contains(key) {
            await withCheckedContinuation { waiting[key, default: []].append($0) }
        }
        pins[key, default: 0] += 1
    }

    func unpin(_ key: String) {
        guard let count = pins[key] else { return }
        pins[key] = count > 1 ? count - 1 : nil
    }

    /// Runs `collect` for `key` unless an upload has it pinned or another collection of it runs;
    /// pins asked for meanwhile wait until it returns. Answers whether it ran.
    @discardableResult
    func collect(_ key: String, _ collect: @Sendable () async throws -> Void) async throws -> Bool {
        guard pins[key] == nil, !collecting.contains(key) else { return false }
        collecting.insert(key)
        defer {
            collecting.remove(key)
            for waiter in waiting.removeValue(forKey: key) ?? [] { waiter.resume() }
        }
        try await collect()
        return true
    }
}
