import EcoCore
import EcoStore
import Foundation

/// The opaque `cursor` string of observation pages: base64url of `seriesID:timeMs`.
public enum ObservationCursorCoding {
    public static func encode(_ cursor: ObservationCursor) -> String {
        Data("\(cursor.seriesID):\(cursor.observedAtMs)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: String) throws -> ObservationCursor {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8) else { throw invalid(text) }
        let parts = plain.split(separator: ":")
        guard parts.count == 2, let series = Int64(parts[0]), let t = Int64(parts[1]) else { throw invalid(text) }
        return ObservationCursor(seriesID: series, observedAtMs: t)
    }

    private static func invalid(_ text: String) -> EcoError {
        EcoError.badRequest("'cursor' '\(text)' is not a cursor this server issued; pass pagination.nextCursor from the previous page unchanged.")
    }
}
