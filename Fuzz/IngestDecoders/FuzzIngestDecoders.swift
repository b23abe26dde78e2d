import EcoCore

/// libFuzzer entry point for the ingest decoders (built only with ECOTRACK_FUZZ=1; see
/// scripts/fuzz_ingest.sh). The first byte picks the format and a chunk size, the rest is the
/// body. Every input must decode without crashing or hanging, feeding in chunks must give the
/// same items as feeding at once, indices must be consecutive, and every error must say why.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIngestDecoders(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let formats: [ObservationFormat] = [.ndjson, .json, .csv]
    let format = formats[Int(data[0]) % 3]
    let chunk = Int(data[0] / 3) % 17 + 1
    let body = UnsafeRawBufferPointer(start: data + 1, count: size - 1)

    let whole = decode(body, format: format, chunk: body.count)
    let pieces = decode(body, format: format, chunk: chunk)
    guard whole == pieces else { fatalError("chunked decoding differs from whole-body decoding (\(format), chunk \(chunk))") }

    var expectedIndex = 0
    for item in whole {
        switch item {
        case let .record(index, _, _):
            guard index == expectedIndex else { fatalError("record index \(index), expected \(expectedIndex)") }
            expectedIndex += 1
        case let .error(error):
            guard error.index == expectedIndex, !error.reason.isEmpty else { fatalError("bad record error \(error)") }
            expectedIndex += 1
        case let .batchError(error):
            guard !error.reason.isEmpty else { fatalError("batch error without a reason") }
        }
    }
    return 0
}

private func decode(_ body: UnsafeRawBufferPointer, format: ObservationFormat, chunk: Int) -> [DecodedItem] {
    var decoder = ObservationDecoder(format: format)
    var items: [DecodedItem] = []
    var offset = 0
    while offset < body.count {
        let end = min(offset + max(chunk, 1), body.count)
        decoder.feed(UnsafeRawBufferPointer(rebasing: body[offset..<end])) { items.append($0) }
        offset = end
    }
    decoder.finish { items.append($0) }
    return items
}
