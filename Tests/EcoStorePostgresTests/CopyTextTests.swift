@testable import EcoStorePostgres
import Foundation
import Logging
import PostgresNIO
import Testing

/// The COPY text the bulk insert writes digit by digit: what it looks like, and that PostgreSQL reads every value back
/// exactly (whole numbers as integers, everything else in Swift's shortest round-tripping form).
struct CopyTextTests {
    static let doubles: [Double] = [
        0, -0.0, 1, -1, 12, 96, 0.1, -3.5, 1.0 / 3, 123_456_789_012_345, 9_007_199_254_740_991, -9_007_199_254_740_991,
        9_007_199_254_740_992, 1e300, -1e-300, 5e-324, .greatestFiniteMagnitude, .infinity, -.infinity, .nan,
    ]
    static let integers: [Int64] = [0, 7, -7, 10, 1_704_067_200_000, -62_135_596_800_000, .max, .min]

    @Test func integersAndWholeDoublesAreWrittenAsDigits() {
        var buffer = ByteBuffer()
        buffer.writeCopyPoint(series: 42, (t: -1_000, value: 12, quality: 3))
        buffer.writeCopyPoint(series: .min, (t: .max, value: -0.0, quality: -1))
        buffer.writeCopyPoint(series: 1, (t: 0, value: 0.25, quality: 0))
        buffer.writeCopyPoint(series: 1, (t: 0, value: 9_007_199_254_740_992, quality: 0))
        #expect(String(buffer: buffer) == """
            42\t-1000\t12\t3
            -9223372036854775808\t9223372036854775807\t-0.0\t-1
            1\t0\t0.25\t0
            1\t0\t9007199254740992.0\t0

            """)
    }

    @Test(.enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
    func postgresReadsEveryValueBackExactly() async throws {
        let connection = try await TestDatabase.connect()
        let logger = Logger(label: "test")
        do {
            try await connection.query("CREATE TEMPORARY TABLE copy_text (i bigint NOT NULL, t bigint NOT NULL, v float8 NOT NULL, q smallint NOT NULL)",
                                       logger: logger)
            let rows = Self.doubles.enumerated().map { (Int64($0.offset), Self.integers[$0.offset % Self.integers.count], $0.element) }
            try await connection.copyFrom(table: "copy_text", columns: ["i", "t", "v", "q"], logger: logger) { writer in
                var buffer = ByteBuffer()
                for (index, t, value) in rows { buffer.writeCopyPoint(series: index, (t: t, value: value, quality: Int16(index) - 10)) }
                try await writer.write(buffer)
            }
            var read: [(Int64, Int64, Double, Int16)] = []
            for try await row in try await connection.query("SELECT i, t, v, q FROM copy_text ORDER BY i", logger: logger) {
                read.append(try row.decode((Int64, Int64, Double, Int16).self))
            }
            #expect(read.count == rows.count)
            for ((index, t, value), stored) in zip(rows, read) {
                #expect(stored.0 == index && stored.1 == t && stored.3 == Int16(index) - 10)
                #expect(value.isNaN ? stored.2.isNaN : stored.2.bitPattern == value.bitPattern, "\(value) came back as \(stored.2)")
            }
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
