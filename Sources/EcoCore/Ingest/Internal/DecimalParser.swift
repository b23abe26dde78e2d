/// Decimal text to `Double`, correctly rounded — the same result as Swift's `Double(String)`.
///
/// Simple inputs take Clinger's fast path (W. D. Clinger, "How to Read Floating Point Numbers
/// Accurately", PLDI 1990): when the significant digits form an integer m ≤ 2^53 and the decimal
/// exponent e has |e| ≤ 22, both m and 10^|e| are exact doubles, so the single IEEE multiplication
/// or division m × 10^e / m ÷ 10^-e is correctly rounded. Anything else goes to `Double(String)`.
enum DecimalParser {
    enum Grammar {
        /// RFC 8259 numbers: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
        case json
        /// Also a leading `+`, leading zeros, and `.5` / `5.` (CSV cells).
        case lenient
    }

    enum Outcome: Equatable {
        case value(Double)
        /// Not a decimal number in the grammar (this includes `NaN` and `Infinity`).
        case invalid
        /// A decimal number beyond the range of `Double` (it would round to infinity).
        case outOfRange
    }

    /// Exact powers of ten representable as `Double` (10^0 … 10^22).
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The number spelled by exactly the `count` bytes at `p`.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, count n: Int, grammar: Grammar) -> Outcome {
        let (outcome, end) = parsePrefix(p, count: n, grammar: grammar)
        return end == n ? outcome : .invalid
    }

    /// The number at the start of the `count` bytes at `p`, and how many bytes it spans.
    /// `.invalid` when the bytes do not start with a number in the grammar.
    static func parsePrefix(_ p: UnsafePointer<UInt8>, count n: Int, grammar: Grammar) -> (Outcome, end: Int) {
        guard n > 0 else { return (.invalid, 0) }
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        } else if p[0] == UInt8(ascii: "+"), grammar == .lenient {
            i = 1
        }
        // Every digit goes into the mantissa; with at most 19 digits in all it cannot overflow
        // (leading zeros count too, which only sends rare inputs down the slow path).
        var mantissa: UInt64 = 0
        let integerStart = i
        while i < n, p[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
            i += 1
        }
        let integerDigits = i - integerStart
        if grammar == .json {
            guard integerDigits > 0 else { return (.invalid, i) }
            guard integerDigits == 1 || p[integerStart] != UInt8(ascii: "0") else { return (.invalid, i) }
        }
        var fractionDigits = 0
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < n, p[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
                i += 1
            }
            fractionDigits = i - fractionStart
            if grammar == .json, fractionDigits == 0 { return (.invalid, i) }
        }
        guard integerDigits + fractionDigits > 0 else { return (.invalid, i) }
        var exponent = -fractionDigits
        if i < n, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < n, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                exponentNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            let exponentStart = i
            var written = 0
            while i < n, p[i] &- 48 < 10 {
                if written < 100_000 { written = written * 10 + Int(p[i] &- 48) }
                i += 1
            }
            guard i > exponentStart else { return (.invalid, i) }
            exponent += exponentNegative ? -written : written
        }
        if integerDigits + fractionDigits <= 19 {
            if mantissa == 0 { return (.value(negative ? -0.0 : 0.0), i) }
            if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
                var result = Double(mantissa)
                result = exponent >= 0 ? result * powersOfTen[exponent] : result / powersOfTen[-exponent]
                return (.value(negative ? -result : result), i)
            }
        }
        return (slowPath(p, count: i), i)
    }

    /// Correct rounding for long or extreme inputs, by the standard library's parser.
    private static func slowPath(_ p: UnsafePointer<UInt8>, count n: Int) -> Outcome {
        let text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        guard let result = Double(text) else { return .invalid }
        return result.isFinite ? .value(result) : .outOfRange
    }
}
