import NIOCore

/// A streaming reader of a `multipart/form-data` body (RFC 7578 over RFC 2046 §5.1): parts are read one
/// after another, each part's body in chunks as it arrives, so a file part is never held in memory
/// whole. Only a part's tail that could be the start of the next boundary is kept back.
///
/// One task reads at a time: ``nextPart()``, then ``nextChunk()`` until nil, then ``nextPart()`` again.
actor MultipartReader<Base: AsyncSequence & Sendable> where Base.Element == ByteBuffer {
    /// One part's headers.
    struct Part: Sendable, Equatable {
        /// `name` of its Content-Disposition.
        var name: String
        var fileName: String?
        /// Its Content-Type, `text/plain` when absent (RFC 7578 §4.4).
        var contentType: String
    }

    /// The largest header block of one part.
    static var maxHeaderBytes: Int { 16 * 1024 }

    private var source: Base.AsyncIterator
    /// `CRLF--boundary`: what ends every part (the body is read as if preceded by CRLF, so the first
    /// boundary matches the same pattern).
    private let delimiter: [UInt8]
    private var buffer: [UInt8] = [13, 10]
    private var start = 0
    private var sourceEnded = false
    private var state = State.preamble

    private enum State { case preamble, body, betweenParts, finished }

    init(boundary: String, body: Base) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        source = body.makeAsyncIterator()
    }

    /// The `boundary` parameter of a multipart/form-data Content-Type, or a reason it has none.
    static func boundary(contentType: String) -> Result<String, MultipartError> {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return .failure(.malformed("the body is not multipart/form-data")) }
        for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("boundary=") {
            var value = String(parameter.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            // RFC 2046 §5.1.1: 1 to 70 characters.
            guard (1...70).contains(value.utf8.count) else { return .failure(.malformed("the boundary must be 1–70 characters")) }
            return .success(value)
        }
        return .failure(.malformed("the Content-Type has no boundary parameter"))
    }

    /// The next part's headers, skipping whatever is left of the current part; nil after the closing boundary.
    func nextPart() async throws -> Part? {
        while state == .preamble || state == .body {
            _ = try await nextChunk(skipping: true)
        }
        guard state == .betweenParts else { return nil }
        // After a boundary: `--` closes the body, CRLF starts a part's headers.
        try await fill(2)
        if buffer[start] == UInt8(ascii: "-"), buffer[start + 1] == UInt8(ascii: "-") {
            state = .finished
            return nil
        }
        let headerEnd = try await find([13, 10, 13, 10], within: Self.maxHeaderBytes, what: "a part's headers")
        let text = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
        start = headerEnd + 4
        state = .body
        return try Self.parseHeaders(text)
    }

    /// The next chunk of the current part's body; nil at its end.
    func nextChunk() async throws -> [UInt8]? {
        try await nextChunk(skipping: false)
    }

    private func nextChunk(skipping: Bool) async throws -> [UInt8]? {
        guard state == .body || state == .preamble else { return nil }
        while true {
            if let at = index(of: delimiter) {
                let chunk = Array(buffer[start..<at])
                start = at + delimiter.count
                state = .betweenParts
                return chunk.isEmpty || skipping ? nil : chunk
            }
            // Everything but a tail that could be the start of the delimiter is this part's.
            let safeEnd = buffer.count - (delimiter.count - 1)
            if safeEnd > start {
                let chunk = skipping ? [] : Array(buffer[start..<safeEnd])
                start = safeEnd
                if !chunk.isEmpty { return chunk }
            }
            guard try await readMore() else {
                throw MultipartError.malformed(state == .preamble ? "no boundary line was found" : "the body ended inside a part, before its closing boundary")
            }
        }
    }

    // MARK: Buffer

    /// Reads one more chunk from the source; false at its end.
    private func readMore() async throws -> Bool {
        guard !sourceEnded else { return false }
        // Actor state cannot be mutated across a suspension; one reader at a time makes the copy safe.
        var iterator = source
        let chunk = try await iterator.next(isolation: self)
        source = iterator
        guard let next = chunk else {
            sourceEnded = true
            return false
        }
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: next.readableBytesView)
        return true
    }

    private func fill(_ count: Int) async throws {
        while buffer.count - start < count {
            guard try await readMore() else { throw MultipartError.malformed("the body ended right after a boundary") }
        }
    }

    /// The position of `pattern` in the unread bytes, reading more while it is absent, up to `limit` bytes.
    private func find(_ pattern: [UInt8], within limit: Int, what: String) async throws -> Int {
        while true {
            if let at = index(of: pattern) { return at }
            guard buffer.count - start <= limit else { throw MultipartError.malformed("\(what) are longer than \(limit) bytes") }
            guard try await readMore() else { throw MultipartError.malformed("the body ended inside \(what)") }
        }
    }

    private func index(of pattern: [UInt8]) -> Int? {
        guard let first = pattern.first, buffer.count - start >= pattern.count else { return nil }
        return buffer.withUnsafeBufferPointer { bytes in
            var at = start
            let last = bytes.count - pattern.count
            while at <= last {
                if bytes[at] == first {
                    var matched = 1
                    while matched < pattern.count, bytes[at + matched] == pattern[matched] { matched += 1 }
                    if matched == pattern.count { return at }
                }
                at += 1
            }
            return nil
        }
    }

    // MARK: Headers

    static func parseHeaders(_ text: String) throws -> Part {
        var name: String?
        var fileName: String?
        var contentType = "text/plain"
        for line in text.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { throw MultipartError.malformed("a part header line has no colon: '\(line.prefix(80))'") }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "content-disposition":
                let parameters = Self.parameters(value)
                name = parameters["name"]
                fileName = parameters["filename"]
            case "content-type":
                contentType = value
            default:
                continue
            }
        }
        guard let name else { throw MultipartError.malformed("a part has no Content-Disposition: form-data; name=\"…\" header") }
        return Part(name: name, fileName: fileName, contentType: contentType)
    }

    /// `form-data; name="file"; filename="a b.jpg"` → ["name": "file", "filename": "a b.jpg"].
    static func parameters(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(value)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop(while: { $0 == " " })
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var parsed = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\", let escaped = rest.first {
                        parsed.append(escaped)
                        rest = rest.dropFirst()
                    } else {
                        parsed.append(character)
                    }
                }
                rest = rest.dropFirst()
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                parsed = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            result[key] = parsed
        }
        return result
    }
}

/// A body that is not the multipart/form-data it claims to be.
enum MultipartError: Error, Equatable, CustomStringConvertible {
    case malformed(String)

    var description: String {
        switch self {
        case let .malformed(reason): "The multipart body is malformed: \(reason). Send multipart/form-data with a 'metadata' part (JSON) followed by a 'file' part."
        }
    }
}

/// The current part's body as an async sequence (what the object store reads).
struct MultipartPartBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = [UInt8]
    typealias Failure = any Error
    let reader: MultipartReader<Base>

    struct AsyncIterator: AsyncIteratorProtocol {
        let reader: MultipartReader<Base>
        mutating func next() async throws -> [UInt8]? { try await reader.nextChunk() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(reader: reader) }
}
