import Foundation
import MarqueeCore

/// What one answer of the user/movie API held, decoded leniently: the records that decoded, the ids the API called
/// unknown, and the entries that were neither.
struct CatalogueAPIAnswer<Record: Decodable & Sendable>: Sendable {
    var records: [Record] = []
    /// Error objects in place of records (`{"error": "unknown user", "id": "99"}`).
    var unknown = 0
    /// Why each entry that was neither a record nor an error object was refused.
    var badRecords: [String] = []

    /// Decodes a body: a JSON array of records and error objects (a bulk answer) or one of them (a single id).
    ///
    /// - Returns: `nil` when the body is not JSON of either shape.
    init?(body: Data, selfDescriptionFields: SelfDescriptionFields = .init()) {
        let decoder = selfDescriptionFields.decoder()
        let entries: [Entry]
        if let array = try? decoder.decode([Entry].self, from: body) {
            entries = array
        } else if let single = try? decoder.decode(Entry.self, from: body) {
            entries = [single]
        } else {
            return nil
        }
        for entry in entries {
            switch entry {
            case .record(let record): records.append(record)
            case .unknown: unknown += 1
            case .bad(let reason): badRecords.append(reason)
            }
        }
    }

    /// One element of an answer; decoding it never fails, so that one bad record spoils nothing else.
    enum Entry: Decodable {
        case record(Record)
        case unknown
        case bad(String)

        init(from decoder: any Decoder) throws {
            if let object = try? decoder.container(keyedBy: ErrorKey.self), object.contains(.error) {
                self = .unknown
                return
            }
            do {
                self = .record(try Record(from: decoder))
            } catch {
                self = .bad(CatalogueLoader.describe(error))
            }
        }

        private enum ErrorKey: String, CodingKey { case error }
    }
}
