@testable import EcoServer
import NIOCore
import Testing

/// The streaming multipart reader: parts and bodies come out the same however the body is chunked,
/// including bytes in a file that look like the start of a boundary.
@Suite struct MultipartReaderTests {
    struct Chunks: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let pieces: [[UInt8]]
        struct AsyncIterator: AsyncIteratorProtocol {
            var rest: IndexingIterator<[[UInt8]]>
            mutating func next() async throws -> ByteBuffer? { rest.next().map { ByteBuffer(bytes: $0) } }
        }
        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rest: pieces.makeIterator()) }
    }

    static let file: [UInt8] = Array("line\r\n--b\r\n--bound\r\n-".utf8) + (0..<300).map { UInt8($0 % 256) }
    static let body: [UInt8] = Array("preamble\r\n--boundary\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{\"a\":1}\r\n".utf8)
        + Array("--boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x \\\"y\\\".bin\"\r\nContent-Type: image/png\r\n\r\n".utf8)
        + file + Array("\r\n--boundary--\r\nepilogue".utf8)

    @Test(arguments: [1, 2, 7, 64, 100_000])
    func partsAreReadWhateverTheChunking(_ size: Int) async throws {
        let pieces = stride(from: 0, to: Self.body.count, by: size).map { Array(Self.body[$0..<min($0 + size, Self.body.count)]) }
        let reader = MultipartReader(boundary: "boundary", body: Chunks(pieces: pieces))
        var parts: [(MultipartReader<Chunks>.Part, [UInt8])] = []
        while let part = try await reader.nextPart() {
            var bytes: [UInt8] = []
            while let chunk = try await reader.nextChunk() { bytes += chunk }
            parts.append((part, bytes))
        }
        #expect(parts.map(\.0.name) == ["metadata", "file"])
        #expect(parts[0].1 == Array("{\"a\":1}".utf8))
        #expect(parts[1].0.fileName == "x \"y\".bin" && parts[1].0.contentType == "image/png")
        #expect(parts[1].1 == Self.file)
    }

    @Test func aBodyEndingInsideAPartIsMalformed() async throws {
        let cut = Array(Self.body.prefix(Self.body.count - 30))
        let reader = MultipartReader(boundary: "boundary", body: Chunks(pieces: [cut]))
        await #expect(throws: MultipartError.self) {
            while try await reader.nextPart() != nil { while try await reader.nextChunk() != nil {} }
        }
    }

    @Test func theBoundaryComesFromTheContentType() throws {
        #expect(try MultipartReader<Chunks>.boundary(contentType: "multipart/form-data; boundary=\"a b\"").get() == "a b")
        #expect(throws: MultipartError.self) { try MultipartReader<Chunks>.boundary(contentType: "multipart/form-data").get() }
        #expect(throws: MultipartError.self) { try MultipartReader<Chunks>.boundary(contentType: "text/plain; boundary=x").get() }
    }

    @Test(arguments: [
        ("bytes=0-3", ByteRange.part(0..<4)), ("bytes=5-", .part(5..<10)), ("bytes=-3", .part(7..<10)), ("bytes=8-100", .part(8..<10)),
        ("bytes=10-", .unsatisfiable), ("bytes=-0", .unsatisfiable), ("bytes=0-1,3-4", .whole), ("items=0-1", .whole), ("bytes=4-2", .whole),
    ])
    func rangesOfATenByteFile(_ header: String, _ expected: ByteRange) {
        #expect(ByteRange.parse(header, size: 10) == expected)
    }
}
