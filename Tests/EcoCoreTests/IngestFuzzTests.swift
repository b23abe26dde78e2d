import EcoRandom
import Testing

@testable import EcoCore

/// Seeded random damage to valid bodies: the decoders must never crash, must account for every
/// record with consecutive indices, and must not depend on where the body is split.
struct IngestFuzzTests {
    @Test(arguments: 0..<IngestChunkingTests.bodies.count)
    func mutatedBodiesNeverCrashAndKeepTheirIndicesConsistent(case number: Int) {
        let (format, text) = IngestChunkingTests.bodies[number]
        let original = Array(text.utf8)
        var generator = SplitMix64(seed: 1000 + UInt64(number))
        let limits = IngestLimits(maxRecordBytes: 160, maxDepth: 4)
        for _ in 0..<1500 {
            var body = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) { Self.mutate(&body, &generator) }
            let whole = IngestTest.items(body, format, cuts: [], limits: limits)
            #expect(IngestTest.indicesAreConsistent(whole), "\(String(decoding: body, as: UTF8.self))")
            let cuts = (0..<Int.random(in: 1...4, using: &generator)).map { _ in Int.random(in: 0...body.count, using: &generator) }.sorted()
            #expect(IngestTest.items(body, format, cuts: cuts, limits: limits) == whole, "\(String(decoding: body, as: UTF8.self)) cut at \(cuts)")
        }
    }

    static let interesting: [UInt8] = Array("\"\\{}[],:\n\r 0-.eE\u{FF}".utf8) + [0x00, 0xEF, 0xBB, 0xBF, 0xC3, 0x80]

    static func mutate(_ body: inout [UInt8], _ g: inout SplitMix64) {
        guard !body.isEmpty else {
            body.append(interesting.randomElement(using: &g)!)
            return
        }
        let position = Int.random(in: 0..<body.count, using: &g)
        switch Int.random(in: 0..<5, using: &g) {
        case 0: body[position] = interesting.randomElement(using: &g)!
        case 1: body[position] = UInt8.random(in: 0...255, using: &g)
        case 2: body.removeSubrange(position..<min(body.count, position + Int.random(in: 1...8, using: &g)))
        case 3: body.insert(contentsOf: (0..<Int.random(in: 1...4, using: &g)).map { _ in interesting.randomElement(using: &g)! }, at: position)
        default:
            let end = min(body.count, position + Int.random(in: 1...40, using: &g))
            body.insert(contentsOf: body[position..<end], at: Int.random(in: 0...body.count, using: &g))
        }
    }
}
