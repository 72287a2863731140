import Foundation

/// A search's time budget as the CLI takes it: a number with an optional `s`, `m` or `h` suffix, e.g. `120s` or `5m`.
enum SearchBudgetText {
    /// The seconds of `text`.
    /// - Throws: ``CommandFailure`` naming `option` unless `text` is a positive finite duration.
    static func seconds(_ text: String, option: String) throws -> Double {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let unit = trimmed.last.flatMap { units[$0] }
        guard let number = Double(unit == nil ? trimmed : String(trimmed.dropLast())), number > 0, number.isFinite else {
            throw CommandFailure("\(option) must be a positive duration such as 120s, 5m or 1h, got '\(text)'")
        }
        return number * (unit ?? 1)
    }
}
