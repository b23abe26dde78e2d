import Crypto
import EcoObjectStorage
import EcoStore
import Foundation
import NIOCore

/// One S3 multipart upload of a spooled file: CreateMultipartUpload, UploadPart per slice (each
/// signed with its own SHA-256), CompleteMultipartUpload; on any failure AbortMultipartUpload, so no
/// parts linger (and are billed) and nothing appears under the key.
struct MultipartUpload {
    let client: S3Client
    let name: String
    let partSize: Int64

    func send(_ upload: SpooledUpload) async throws {
        let created = try await client.send(.POST, name: name, query: [(name: "uploads", value: "")], payloadHash: S3ObjectStore.emptyHash)
        try await client.check(created, doing: "CreateMultipartUpload \(upload.key)")
        let answer = String(buffer: try await created.body.collect(upTo: 1 << 20))
        guard let uploadID = S3XML.text("UploadId", in: answer) else {
            throw ObjectStoreError.unavailable("S3 answered CreateMultipartUpload \(upload.key) without an UploadId")
        }
        do {
            var etags: [String] = []
            var offset: Int64 = 0
            repeat {
                let length = min(partSize, upload.size - offset)
                let part = etags.count + 1
                let response = try await client.send(
                    .PUT, name: name, query: [(name: "partNumber", value: String(part)), (name: "uploadId", value: uploadID)],
                    body: .file(upload.file, offset: offset, length: length),
                    payloadHash: try Self.sha256(of: upload.file, offset: offset, length: length), deadline: .distantFuture)
                try await client.check(response, doing: "UploadPart \(part) of \(upload.key)")
                guard let etag = response.headers.first(name: "etag") else {
                    throw ObjectStoreError.unavailable("S3 answered UploadPart \(part) of \(upload.key) without an ETag")
                }
                etags.append(etag)
                offset += length
            } while offset < upload.size
            let manifest = Array(Self.completion(etags: etags).utf8)
            let completed = try await client.send(.POST, name: name, query: [(name: "uploadId", value: uploadID)], body: .bytes(manifest),
                                                  payloadHash: hex(SHA256.hash(data: manifest)), deadline: .now() + .minutes(10))
            try await client.check(completed, doing: "CompleteMultipartUpload \(upload.key)")
            // S3 may answer 200 and report the failure in the body (its documentation of CompleteMultipartUpload says so).
            let result = String(buffer: try await completed.body.collect(upTo: 1 << 20))
            if result.contains("<Error>") {
                throw S3Client.failure(status: 200, document: result, action: "CompleteMultipartUpload \(upload.key)", bucket: client.configuration.bucket)
            }
        } catch {
            await abort(uploadID)
            throw error
        }
    }

    /// Best effort: a failed abort leaves parts S3's lifecycle rules can expire; the original error matters more.
    private func abort(_ uploadID: String) async {
        if let response = try? await client.send(.DELETE, name: name, query: [(name: "uploadId", value: uploadID)], payloadHash: S3ObjectStore.emptyHash) {
            _ = try? await response.body.collect(upTo: 1 << 20)
        }
    }

    /// The CompleteMultipartUpload body listing every part's number and ETag.
    static func completion(etags: [String]) -> String {
        let parts = etags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\(S3XML.escape($0.element))</ETag></Part>" }
        return "<CompleteMultipartUpload>\(parts.joined())</CompleteMultipartUpload>"
    }

    /// SHA-256 of a slice of a file, read in 1 MiB pieces (the part is signed before it is sent).
    static func sha256(of file: URL, offset: Int64, length: Int64) throws -> String {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        var hasher = SHA256()
        var remaining = length
        while remaining > 0, let data = try handle.read(upToCount: Int(min(remaining, 1 << 20))), !data.isEmpty {
            hasher.update(data: data)
            remaining -= Int64(data.count)
        }
        return hex(hasher.finalize())
    }
}
