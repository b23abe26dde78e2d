import Foundation

/// Reads the reference vectors written by scripts/reference/h3_reference.py (h3-py 4.5.0).
enum Fixture {
    static func lines(_ name: String) -> [Substring] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("missing fixture \(name); run scripts/reference/h3_reference.py") }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    }

    static func data(_ name: String) -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url)
        else { fatalError("missing fixture \(name)") }
        return data
    }

    static func json(_ name: String) -> [String: Any] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { fatalError("missing fixture \(name)") }
        return object
    }
}
