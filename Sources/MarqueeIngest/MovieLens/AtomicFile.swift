import Foundation

/// A RecBole atomic file (`ml-100k.inter`, `.user`, `.item`): a tab-separated table whose header names each column
/// `name:type` (e.g. `user_id:token`, `rating:float`). Columns are found by name, so their order does not matter.
struct AtomicFile {
    /// The file's path.
    let path: String
    /// Column names without their types, in file order.
    let columns: [String]
    /// Data rows (1-based line number in the file, fields), blank lines left out.
    let rows: [(line: Int, fields: [Substring])]

    /// Reads and splits the file.
    /// - Throws: ``IngestError`` `.fileNotFound` or `.unreadable` when the file is missing, unreadable or has no header.
    init(path: String) throws(IngestError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw IngestError(.fileNotFound, "no file at \(path): a MovieLens directory needs ml-100k.inter, ml-100k.user and ml-100k.item")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw IngestError(.unreadable, "cannot read \(path): check its permissions", cause: error)
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { ($0.offset + 1, $0.element) }
        guard let header = lines.first, !header.1.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw IngestError(.unreadable, "\(path) is empty: expected a header such as 'user_id:token<TAB>item_id:token'")
        }
        lines.removeFirst()
        self.path = path
        self.columns = header.1.split(separator: "\t", omittingEmptySubsequences: false).map { column in
            String(column.split(separator: ":", maxSplits: 1).first ?? column).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        self.rows = lines.compactMap { number, line in
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            return trimmed.isEmpty ? nil : (number, trimmed.split(separator: "\t", omittingEmptySubsequences: false))
        }
    }

    /// The index of each of `names`, in order.
    /// - Throws: ``IngestError`` `.unreadable` naming the missing column and the columns found.
    func indices(of names: [String]) throws(IngestError) -> [Int] {
        var found: [Int] = []
        for name in names {
            guard let index = columns.firstIndex(of: name) else {
                throw IngestError(
                    .unreadable,
                    "\(path) has no '\(name)' column (its header has \(columns.joined(separator: ", "))): is it a RecBole atomic file?")
            }
            found.append(index)
        }
        return found
    }
}
