import EcoCore
import EcoStore

extension ImageModels {
    /// Content types an image model reads (what ``decodeImage`` decodes).
    public static let imageContentTypes: Set<String> = ["image/jpeg", "image/png"]

    /// The bytes of an entry's image, read from object storage.
    /// - Throws: ``ImageModelError/entryUnusable(_:)`` when the entry has no file, or one that is not a JPEG/PNG image.
    public func imageBytes(of entry: Entry) async throws -> [UInt8] {
        guard let file = entry.file, let key = ObjectKey(sha256: file.sha256) else {
            throw ImageModelError.entryUnusable("Entry \(entry.id) has no file (it was created from metadata alone), so there is no image to classify.")
        }
        guard Self.imageContentTypes.contains(file.contentType) else {
            throw ImageModelError.entryUnusable("Entry \(entry.id)'s file is \(file.contentType); image models read image/jpeg and image/png.")
        }
        guard file.size <= Int64(maxImageBytes) else { throw ImageModelError.tooLarge(limit: Int64(maxImageBytes)) }
        guard let objects else { throw ImageModelError.noObjectStorage }
        do { return try await objects.readAll(key) } catch ObjectStoreError.notFound {
            throw EcoError.storage("the file of entry \(entry.id) (SHA-256 \(file.sha256)) is missing from object storage")
        }
    }
}
