import EcoCore
import EcoStore
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Outbound POSTs of webhook deliveries: a timeout on every request, no cookies or cache, and
/// redirects refused (answered as the 3xx itself), so a receiver cannot send a delivery to a URL
/// outside the allow list.
final class WebhookHTTPClient: Sendable {
    private let session: URLSession
    private let timeout: Duration
    private let redirects: RefuseRedirects

    init(timeout: Duration) {
        self.timeout = timeout
        let redirects = RefuseRedirects()
        self.redirects = redirects
        session = URLSession(configuration: .outbound(timeout: timeout), delegate: redirects, delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// POSTs `body` and returns the response status; throws when no response arrived.
    func post(_ url: URL, headers: [(String, String)], body: Data) async throws -> Int {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout.seconds)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        // Run apart from the caller's task, so that cancelling a worker (a webhook deleted, the server
        // stopping) never cancels a URLSession task in flight: in swift-corelibs-foundation that cancel
        // can deadlock against the task's completion (issue 5412 there; seen here as a hung shutdown).
        // The request still ends within `timeout`.
        let (session, redirects) = (self.session, self.redirects)
        return try await Task.detached {
            // Given per task too: FoundationNetworking asks the task's delegate about redirects.
            let (_, response) = try await session.data(for: request, delegate: redirects)
            guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
            return http.statusCode
        }.value
    }
}

/// Declines every redirect: the redirect response becomes the result (webhook deliveries, and
/// explanation requests, whose API key must not follow a redirect to another host).
final class RefuseRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
