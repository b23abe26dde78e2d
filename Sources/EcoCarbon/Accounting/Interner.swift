/// Gives each distinct string a small integer id, so columns hold integers instead of strings.
public struct Interner: Sendable, Equatable {
    /// The strings, by id.
    public private(set) var names: [String] = []
    private var ids: [String: Int32] = [:]

    public init() {}

    /// The id of `name`, added if new; -1 for nil.
    public mutating func id(_ name: String?) -> Int32 {
        guard let name else { return -1 }
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        names.append(name)
        ids[name] = id
        return id
    }

    /// The id of `name` if it is known.
    public func existingID(_ name: String) -> Int32? { ids[name] }

    /// The string of `id`; nil for -1.
    public func name(_ id: Int32) -> String? { id >= 0 ? names[Int(id)] : nil }

    /// Number of distinct strings.
    public var count: Int { names.count }
}
