/// The bytes of a record that straddles chunks, kept until its end arrives.
///
/// It never grows past the record limit: once a record is too long its bytes are dropped and
/// only the fact is remembered, so a hostile body cannot make the decoder hold it all.
struct RecordBuffer {
    private(set) var bytes: [UInt8] = []
    /// Whether the record being collected passed the limit.
    private(set) var overflowed = false
    /// Whether a record is being collected (possibly overflowed).
    private(set) var isActive = false
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Appends `p[from..<end]` to the record being collected.
    mutating func append(_ p: UnsafePointer<UInt8>, from: Int, end: Int) {
        isActive = true
        guard !overflowed, end > from else { return }
        if bytes.count + (end - from) > limit {
            overflowed = true
            bytes = []
            return
        }
        bytes.append(contentsOf: UnsafeBufferPointer(start: p + from, count: end - from))
    }

    /// Forgets the record (keeping the storage for the next one).
    mutating func reset() {
        bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 16)
        overflowed = false
        isActive = false
    }
}
