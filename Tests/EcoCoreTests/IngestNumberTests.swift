import EcoRandom
import Testing

@testable import EcoCore

struct IngestNumberTests {
    static func parse(_ text: String, _ grammar: DecimalParser.Grammar) -> DecimalParser.Outcome {
        var text = text
        return text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return .invalid }
            return DecimalParser.parse(base, count: buffer.count, grammar: grammar)
        }
    }

    @Test(arguments: ["", "-", ".", "1.", ".5", "01", "-01", "1e", "1e+", "+1", "NaN", "nan", "inf", "Infinity", "-Infinity", "0x10", "1_000", " 1", "1 ", "1.2.3", "1e5e5", "--1", "e5"])
    func textsOutsideTheJSONGrammarAreInvalid(text: String) {
        #expect(Self.parse(text, .json) == .invalid)
    }

    @Test(arguments: [("+1", 1.0), (".5", 0.5), ("5.", 5.0), ("007", 7.0), ("-.5e1", -5.0), ("+0.25E+2", 25.0)])
    func theLenientGrammarAcceptsCommonSpreadsheetForms(text: String, expected: Double) {
        #expect(Self.parse(text, .lenient) == .value(expected))
        #expect(Self.parse(text, .json) == .invalid)
    }

    @Test(arguments: ["NaN", "Infinity", "inf", "-inf", "nan", "", "+", "1e", "."])
    func nonFiniteAndEmptyTextsAreInvalidInCSVToo(text: String) {
        #expect(Self.parse(text, .lenient) == .invalid)
    }

    @Test func hugeExponentsAreOutOfRangeAndTinyOnesRoundToZero() {
        #expect(Self.parse("1e309", .json) == .outOfRange)
        #expect(Self.parse("-1e400", .json) == .outOfRange)
        #expect(Self.parse("1e-400", .json) == .value(0))
        #expect(Self.parse("0e99999999999", .json) == .value(0))
        #expect(Self.parse("-0", .json) == .value(-0.0))
    }

    // Oracle: Swift's Double(String), which rounds correctly.
    @Test func resultsAreBitForBitThoseOfDoubleFromString() {
        var generator = SplitMix64(seed: 17)
        for round in 0..<40_000 {
            let text = Self.randomDecimal(&generator, round: round)
            guard let expected = Double(text) else { continue }
            let outcome = Self.parse(text, .json)
            if expected.isFinite {
                guard case .value(let got) = outcome else {
                    Issue.record("\(text): \(outcome)")
                    continue
                }
                #expect(got.bitPattern == expected.bitPattern, "\(text)")
            } else {
                #expect(outcome == .outOfRange, "\(text)")
            }
        }
    }

    /// Random JSON-grammar decimals: short ones (the fast path), long ones, extreme exponents,
    /// and the shortest representations of random doubles.
    static func randomDecimal(_ generator: inout SplitMix64, round: Int) -> String {
        switch round % 4 {
        case 0:
            let double = Double(bitPattern: UInt64.random(in: 0...0x7FEF_FFFF_FFFF_FFFF, using: &generator))
            return (Bool.random(using: &generator) ? "-" : "") + "\(double)".replacingOccurrences(of: "+", with: "")
        default:
            let integerDigits = Int.random(in: 1...(round % 4 == 3 ? 25 : 8), using: &generator)
            let fractionDigits = Int.random(in: 0...(round % 4 == 3 ? 25 : 8), using: &generator)
            var text = Bool.random(using: &generator) ? "-" : ""
            text += String(Int.random(in: 1...9, using: &generator))
            for _ in 1..<integerDigits { text += String(Int.random(in: 0...9, using: &generator)) }
            if Int.random(in: 0..<5, using: &generator) == 0 { text = text.hasPrefix("-") ? "-0" : "0" }
            if fractionDigits > 0 {
                text += "."
                for _ in 0..<fractionDigits { text += String(Int.random(in: 0...9, using: &generator)) }
            }
            if Bool.random(using: &generator) {
                let range = round % 4 == 2 ? -330...330 : -25...25
                text += "e\(Int.random(in: range, using: &generator))"
            }
            return text
        }
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
