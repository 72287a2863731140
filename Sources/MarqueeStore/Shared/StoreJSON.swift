import Foundation

/// The JSON text both stores keep in registry columns (hyperparameters, metrics, offsets, steps): sorted keys, so equal
/// values give equal text.
enum StoreJSON {
    /// `value` as JSON text.
    static func text(_ value: some Encodable) throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError(.writeFailed, "a registry value cannot be encoded as JSON: \(error)", cause: error)
        }
    }

    /// The value of JSON `text` read from the store at `location`.
    static func decode<T: Decodable>(_ text: String, location: String) throws(StoreError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError(.corrupt, "\(location) holds a registry record whose JSON field cannot be read; the store is damaged", cause: error)
        }
    }
}
