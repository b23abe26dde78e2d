/// An OpenAI-compatible chat endpoint that may explain recommendations in plain language. Without a URL
/// and a model nothing is ever sent anywhere (docs/carbon.md, "Explanations").
public struct ExplanationSettings: Sendable, Equatable {
    /// Base URL of the API (`https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`), or the full
    /// `…/chat/completions` URL.
    public var url: String
    public var model: String
    /// Sent as `Authorization: Bearer …` when set.
    public var apiKey: String?
    /// Longest wait for an answer, in seconds.
    public var timeoutSeconds = 30

    public init(url: String, model: String, apiKey: String? = nil, timeoutSeconds: Int = 30) {
        self.url = url
        self.model = model
        self.apiKey = apiKey
        self.timeoutSeconds = timeoutSeconds
    }

    /// The chat completions endpoint.
    public var endpoint: String { ChatCompletions.endpoint(url) }
}
