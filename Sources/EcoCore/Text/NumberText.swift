/// Numbers in sentences (alert descriptions, recommendations, reports): at most two decimals, no exponent.
public enum NumberText {
    /// `value` rounded to two decimals, written without a trailing `.0` when whole.
    public static func short(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
    }
}
