import EcoStore

/// One promise of a store port, checked against a fresh, empty store. Every adapter's test target
/// runs every case of ``StoreContract/all`` unchanged (Swift Testing: `@Test(arguments:)`).
public struct ContractCase: Sendable, CustomStringConvertible {
    /// The port the promise belongs to (`ObservationStore`, `EventLog` …).
    public let port: String
    /// What is promised, as a sentence fragment.
    public let name: String
    /// Checks the promise on a fresh store; throws ``ContractViolation`` when it is broken.
    public let check: @Sendable (StoreUnderTest) async throws -> Void

    public init(_ port: String, _ name: String, _ check: @escaping @Sendable (StoreUnderTest) async throws -> Void) {
        self.port = port
        self.name = name
        self.check = check
    }

    public var description: String { "\(port): \(name)" }
}

/// A broken promise: what was expected, what happened, and where the contract says it.
public struct ContractViolation: Error, CustomStringConvertible {
    public var message: String
    public var file: String
    public var line: Int

    public var description: String { "\(file):\(line): \(message)" }
}

/// Fails the case unless `condition` holds.
public func expect(_ condition: Bool, _ message: @autoclosure () -> String = "expectation failed",
                   file: String = #fileID, line: Int = #line) throws {
    guard condition else { throw ContractViolation(message: message(), file: file, line: line) }
}

/// Fails the case unless `actual == expected`, saying both.
public func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: @autoclosure () -> String = "value",
                                      file: String = #fileID, line: Int = #line) throws {
    guard actual == expected else {
        throw ContractViolation(message: "\(what()): expected \(expected), got \(actual)", file: file, line: line)
    }
}

/// The value, or a failure saying it was missing.
public func unwrap<T>(_ value: T?, _ what: @autoclosure () -> String = "value", file: String = #fileID, line: Int = #line) throws -> T {
    guard let value else { throw ContractViolation(message: "\(what()) is missing", file: file, line: line) }
    return value
}

/// Fails the case unless `body` throws an error of type `E`; returns it.
@discardableResult
public func expectThrows<E: Error>(_ type: E.Type, _ what: String, file: String = #fileID, line: Int = #line,
                                   _ body: () async throws -> some Any) async throws -> E {
    do {
        _ = try await body()
    } catch let error as E {
        return error
    } catch {
        throw ContractViolation(message: "\(what): expected \(E.self), got \(error)", file: file, line: line)
    }
    throw ContractViolation(message: "\(what): expected \(E.self), nothing was thrown", file: file, line: line)
}
