import EcoCarbon
import EcoCore

/// What-if levers in the API's flat JSON form: `{"type": "shiftMode", "from": "road", "to": "rail",
/// "share": 0.3, "supplier": "haulier"}`. Used by `simulate` and by stored recommendations, with
/// errors that name the lever, the field and the values it accepts.
enum LeverJSON {
    static let types = ["shiftMode", "raiseLoadFactor", "switchFuel", "renewableElectricity", "moveFacility"]

    static func encode(_ lever: Lever) -> JSONValue {
        var object: [String: JSONValue] = [:]
        func put(_ name: String, _ value: String?) { if let value { object[name] = .string(value) } }
        func put(_ name: String, _ value: Double?) { if let value { object[name] = .number(value) } }
        switch lever {
        case let .shiftMode(from, to, share, supplier):
            put("type", "shiftMode"); put("from", from.rawValue); put("to", to.rawValue); put("share", share); put("supplier", supplier)
        case let .raiseLoadFactor(mode, loadFactor, assumed, supplier):
            put("type", "raiseLoadFactor"); put("mode", mode.rawValue); put("loadFactor", loadFactor); put("assumedCurrent", assumed)
            put("supplier", supplier)
        case let .switchFuel(from, to, supplier, facility):
            put("type", "switchFuel"); put("from", from.rawValue); put("to", to.rawValue); put("supplier", supplier); put("facility", facility)
        case let .renewableElectricity(share, supplier, facility):
            put("type", "renewableElectricity"); put("share", share); put("supplier", supplier); put("facility", facility)
        case let .moveFacility(facility, region):
            put("type", "moveFacility"); put("facility", facility); put("region", region)
        }
        return .object(object)
    }

    /// The lever described by `value`, the `position`-th of its scenario (for messages).
    static func decode(_ value: JSONValue, position: Int) throws(EcoError) -> Lever {
        let place = "levers[\(position)]"
        guard case let .object(fields) = value else {
            throw .invalidArgument("\(place) must be an object such as {\"type\": \"shiftMode\", \"from\": \"road\", \"to\": \"rail\", \"share\": 0.3}.")
        }
        func text(_ name: String) throws(EcoError) -> String? {
            switch fields[name] {
            case nil, .null?: return nil
            case let .string(value)?: return value
            default: throw .invalidArgument("\(place).\(name) must be text.")
            }
        }
        func number(_ name: String, example: String) throws(EcoError) -> Double? {
            switch fields[name] {
            case nil, .null?: return nil
            case let .number(value)?: return value
            default: throw .invalidArgument("\(place).\(name) must be a number, e.g. \(example).")
            }
        }
        func required<T>(_ value: T?, _ name: String, _ example: String) throws(EcoError) -> T {
            guard let value else { throw .invalidArgument("\(place).\(name) is missing; send e.g. \"\(name)\": \(example).") }
            return value
        }
        func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ parse: (String) -> T?) throws(EcoError) -> T where T.RawValue == String {
            let value = try required(try text(name), name, "\"\(T.allCases.first!.rawValue)\"")
            guard let parsed = parse(value) else {
                throw .invalidArgument("\(place).\(name) '\(value)' is unknown; use one of \(T.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            return parsed
        }
        let type = try required(try text("type"), "type", "\"shiftMode\"")
        let supplier = try text("supplier"), facility = try text("facility")
        switch type {
        case "shiftMode":
            return .shiftMode(from: try choice("from") { TransportMode(rawValue: $0) }, to: try choice("to") { TransportMode(rawValue: $0) },
                              share: try required(try number("share", example: "0.3"), "share", "0.3"), supplier: supplier)
        case "raiseLoadFactor":
            return .raiseLoadFactor(mode: try choice("mode") { TransportMode(rawValue: $0) },
                                    loadFactor: try required(try number("loadFactor", example: "0.85"), "loadFactor", "0.85"),
                                    assumedCurrent: try number("assumedCurrent", example: "0.6"), supplier: supplier)
        case "switchFuel":
            return .switchFuel(from: try choice("from") { Fuel(text: $0) }, to: try choice("to") { Fuel(text: $0) }, supplier: supplier, facility: facility)
        case "renewableElectricity":
            return .renewableElectricity(share: try required(try number("share", example: "0.5"), "share", "0.5"), supplier: supplier, facility: facility)
        case "moveFacility":
            return .moveFacility(facility: try required(facility, "facility", "\"plant-1\""), region: try required(try text("region"), "region", "\"FR\""))
        default:
            throw .invalidArgument("\(place).type '\(type)' is not a lever; use one of \(types.joined(separator: ", ")).")
        }
    }
}
