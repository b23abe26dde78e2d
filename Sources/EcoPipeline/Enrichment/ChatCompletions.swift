import EcoCore
import Foundation

/// What EcoTrack's callers of OpenAI-compatible chat endpoints share (recommendation explanations, entry
/// enrichment): where the endpoint is and where the answer's text sits.
enum ChatCompletions {
    /// The chat completions endpoint of a base URL (`https://api.openai.com/v1`), or the URL itself when it already
    /// ends with `/chat/completions`.
    static func endpoint(_ url: String) -> String {
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        return trimmed.hasSuffix("/chat/completions") ? trimmed : trimmed + "/chat/completions"
    }

    /// `choices[0].message.content`, trimmed; nil when the body is not a chat completion with a non-empty message.
    static func messageContent(_ data: Data) -> String? {
        guard case let .object(answer)? = JSONValue.parse(String(decoding: data, as: UTF8.self)),
              case let .array(choices)? = answer["choices"], case let .object(first)? = choices.first,
              case let .object(message)? = first["message"], case let .string(content)? = message["content"] else { return nil }
        let text = content.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
