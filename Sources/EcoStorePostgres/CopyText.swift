import PostgresNIO

/// Rows of `COPY … FROM STDIN` text format written straight into the buffer, digit by digit, instead of through a
/// `String` interpolation per row: in a release build, building and appending those strings was most of the client's
/// work in a bulk insert (`perf`, docs/scale-out.md). Numbers only, so nothing needs escaping.
extension ByteBuffer {
    /// One `(series_id, t, value, quality)` line of a point.
    mutating func writeCopyPoint(series: Int64, _ point: (t: Int64, value: Double, quality: Int16)) {
        writeCopyInteger(series)
        writeCopyColumn(point.t)
        writeCopyColumn(point.value)
        writeCopyColumn(Int64(point.quality))
        writeInteger(UInt8(ascii: "\n"))
    }

    /// A tab, then an integer column.
    mutating func writeCopyColumn(_ value: Int64) {
        writeInteger(UInt8(ascii: "\t"))
        writeCopyInteger(value)
    }

    /// A tab, then a double column.
    mutating func writeCopyColumn(_ value: Double) {
        writeInteger(UInt8(ascii: "\t"))
        writeCopyDouble(value)
    }

    /// An integer in decimal.
    mutating func writeCopyInteger(_ value: Int64) {
        writeWithUnsafeMutableBytes(minimumWritableBytes: 20) { target in
            // Digits of the magnitude, last first, into the end of a 20-byte window; then moved to the front.
            var magnitude = value.magnitude
            var end = 20
            repeat {
                end -= 1
                target[end] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                end -= 1
                target[end] = UInt8(ascii: "-")
            }
            let count = 20 - end
            if end > 0 {
                for index in 0..<count { target[index] = target[end + index] }
            }
            return count
        }
    }

    /// A double PostgreSQL reads back exactly: a whole number below 2^53 as its integer digits (the common case of
    /// sensor readings and counts, and the cheapest for the server to parse), anything else as Swift's
    /// `description`, the shortest form that round-trips (`nan` and `inf` included, which `float8in` accepts).
    mutating func writeCopyDouble(_ value: Double) {
        if value.magnitude < 9_007_199_254_740_992, value == value.rounded(.towardZero), !(value == 0 && value.sign == .minus) {
            writeCopyInteger(Int64(value))
        } else {
            writeString(value.description)
        }
    }
}
