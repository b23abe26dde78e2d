import EcoCore
import EcoStore
import Foundation

extension SQLiteStore {
    public func registeredVariables() async throws -> [Variable] {
        try await readers.read { db in
            let query = try db.statement("SELECT definition FROM variables ORDER BY name")
            var result: [Variable] = []
            while try query.step() {
                result.append(try JSONDecoder().decode(Variable.self, from: Data(query.string(0).utf8)))
            }
            return result
        }
    }

    public func register(_ variable: Variable) async throws {
        let definition = String(decoding: try JSONEncoder().encode(variable), as: UTF8.self)
        try await writer.submit { db in
            let existing = try db.statement("SELECT definition FROM variables WHERE name = ?")
            existing.bind(1, variable.name)
            if try existing.step() {
                let stored = try JSONDecoder().decode(Variable.self, from: Data(existing.string(0).utf8))
                existing.reset()
                guard stored == variable else { throw EcoError.variableExists(name: variable.name) }
                return ((), afterCommit: nil)
            }
            existing.reset()
            let insert = try db.statement("INSERT INTO variables (name, definition) VALUES (?, ?)")
            insert.bind(1, variable.name).bind(2, definition)
            try insert.run()
            return ((), afterCommit: nil)
        }
    }
}
