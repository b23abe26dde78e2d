import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// A Server-Sent Events client for tests: a URLSession data task whose chunks are parsed into events
/// as they arrive.
final class SSEClient: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Event: Sendable, Equatable {
        var id: String?
        var name: String?
        var data: String
    }

    let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    /// Yields once the server has written the stream's first bytes (its opening comment): the stream is live.
    let opened: AsyncStream<Void>
    private let openedContinuation: AsyncStream<Void>.Continuation
    private let buffer = Mutex<String>("")
    private var session: URLSession!
    private var task: URLSessionDataTask?

    init(url: URL, headers: [String: String]) {
        (events, continuation) = AsyncStream.makeStream(of: Event.self)
        (opened, openedContinuation) = AsyncStream.makeStream(of: Void.self)
        super.init()
        session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)
        var request = URLRequest(url: url)
        request.timeoutInterval = 60
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        task = session.dataTask(with: request)
        task?.resume()
    }

    func close() {
        task?.cancel()
        session.invalidateAndCancel()
        continuation.finish()
        openedContinuation.finish()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        openedContinuation.yield()
        let complete: [String] = buffer.withLock { text in
            text += String(decoding: data, as: UTF8.self)
            var blocks = text.components(separatedBy: "\n\n")
            text = blocks.removeLast()
            return blocks
        }
        for block in complete {
            var event = Event(id: nil, name: nil, data: "")
            var dataLines: [String] = []
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("id: ") { event.id = String(line.dropFirst(4)) }
                else if line.hasPrefix("event: ") { event.name = String(line.dropFirst(7)) }
                else if line.hasPrefix("data: ") { dataLines.append(String(line.dropFirst(6))) }
            }
            guard !dataLines.isEmpty else { continue }
            event.data = dataLines.joined(separator: "\n")
            continuation.yield(event)
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        continuation.finish()
    }
}

/// The longest a test waits for something the server pushes (a subscription answer, an alert). In the
/// parallel suite on 2 cores, pushes that take milliseconds alone were seen to take over 10 s; a passing
/// run waits only as long as the push takes.
let liveDelivery: Duration = .seconds(60)

/// The first element of `sequence` that satisfies `predicate`, or nil after `timeout`.
func first<S: AsyncSequence & Sendable>(of sequence: S, within timeout: Duration,
                                        where predicate: @escaping @Sendable (S.Element) -> Bool) async throws -> S.Element?
    where S.Element: Sendable {
    try await withThrowingTaskGroup(of: S.Element?.self) { group in
        group.addTask {
            for try await element in sequence where predicate(element) { return element }
            return nil
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}

/// Reads only the status and headers of a response, then cancels it: for endless streams (SSE).
final class ResponseHeadProbe: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private var continuation: CheckedContinuation<HTTPURLResponse, any Error>?
    private let lock = NSLock()

    static func head(_ request: URLRequest) async throws -> HTTPURLResponse {
        let probe = ResponseHeadProbe()
        let session = URLSession(configuration: .ephemeral, delegate: probe, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        return try await withCheckedThrowingContinuation { continuation in
            probe.continuation = continuation
            session.dataTask(with: request).resume()
        }
    }

    private func finish(_ result: Result<HTTPURLResponse, any Error>) {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume(with: result)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        completionHandler(.cancel)
        finish(.success(response as! HTTPURLResponse))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        finish(.failure(error ?? URLError(.badServerResponse)))
    }
}
