/// The shares of a dataset's entries that go to training, validation and test; they add up to 1.
public struct SplitFractions: Sendable, Equatable, Codable {
    public var train: Double
    public var validation: Double
    public var test: Double

    /// 80 % / 10 % / 10 %.
    public static let standard = SplitFractions(uncheckedTrain: 0.8, validation: 0.1, test: 0.1)

    /// - Throws: ``EcoError/invalidArgument(_:)`` unless each share is in 0…1, training's is above 0, and they add up to 1 (±1e-6).
    public init(train: Double, validation: Double, test: Double) throws {
        let shares = [("train", train), ("validation", validation), ("test", test)]
        if let (name, value) = shares.first(where: { !$0.1.isFinite || $0.1 < 0 || $0.1 > 1 }) {
            throw EcoError.invalidArgument("split.\(name) must be a fraction between 0 and 1; got \(value).")
        }
        guard train > 0 else { throw EcoError.invalidArgument("split.train must be above 0: a dataset needs entries to train on.") }
        let sum = train + validation + test
        guard abs(sum - 1) <= 1e-6 else {
            throw EcoError.invalidArgument("split fractions must add up to 1; train \(train) + validation \(validation) + test \(test) = \(sum). E.g. {\"train\": 0.8, \"validation\": 0.1, \"test\": 0.1}.")
        }
        self.init(uncheckedTrain: train, validation: validation, test: test)
    }

    /// Fractions known to be valid (stored ones).
    public init(uncheckedTrain train: Double, validation: Double, test: Double) {
        self.train = train
        self.validation = validation
        self.test = test
    }
}

/// Assigns entries to splits by a hash of the seed and the entry id alone, so the same entry and seed
/// always land in the same split, whatever other entries the dataset holds: adding entries to a query
/// never moves existing ones between splits.
///
/// The hash is FNV-1a (64-bit) of the seed's 8 little-endian bytes followed by the id's UTF-8 bytes, passed
/// through SplitMix64's finaliser (Steele et al., 2014) so that ids differing in one character spread
/// evenly; its top 53 bits, as a fraction of 2^53, are compared with the cumulative fractions.
public enum DatasetSplitter {
    /// The split of `entryID` under `seed`.
    public static func split(entryID: String, seed: UInt64, fractions: SplitFractions) -> DatasetSplit {
        let u = unitHash(entryID, seed: seed)
        if u < fractions.train { return .train }
        if u < fractions.train + fractions.validation || fractions.test == 0 { return .validation }
        return .test
    }

    /// A number in [0, 1) that depends only on `id` and `seed`.
    public static func unitHash(_ id: String, seed: UInt64) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: seed >> UInt64(shift))) }
        for byte in id.utf8 { mix(byte) }
        var z = hash &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        z ^= z >> 31
        return Double(z >> 11) / 9_007_199_254_740_992
    }
}
