/// An HTML table whose cells can carry a status (good, warning, bad), with every text escaped. Without rows it shows
/// one row saying so ("no data yet" unless told otherwise).
public struct StatusTable: Sendable {
    /// How a cell is judged; rendered as a CSS class (`good`, `warning`, `bad`) the page styles.
    public enum Status: String, Sendable {
        case good, warning, bad
    }

    /// One cell: its text, optional status, and whether it is a number (right-aligned).
    public struct Cell: Sendable, ExpressibleByStringInterpolation {
        public var text: String
        public var status: Status?
        public var numeric: Bool

        /// Creates a cell.
        public init(_ text: String, status: Status? = nil, numeric: Bool = false) {
            self.text = text
            self.status = status
            self.numeric = numeric
        }

        public init(stringLiteral value: String) {
            self.init(value)
        }
    }

    public var caption: String
    public var columns: [String]
    public var rows: [[Cell]]
    /// What the table says without rows.
    public var emptyMessage: String

    /// Creates a table.
    public init(caption: String, columns: [String], rows: [[Cell]], emptyMessage: String = "no data yet") {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.emptyMessage = emptyMessage
    }

    /// The table as an HTML fragment.
    public var html: String {
        var lines = ["<table>", "<caption>\(caption.xmlEscaped)</caption>"]
        lines.append("<thead><tr>" + columns.map { "<th scope=\"col\">\($0.xmlEscaped)</th>" }.joined() + "</tr></thead>")
        lines.append("<tbody>")
        if rows.isEmpty {
            lines.append("<tr><td class=\"empty\" colspan=\"\(max(1, columns.count))\">\(emptyMessage.xmlEscaped)</td></tr>")
        }
        for row in rows {
            let cells = row.map { cell in
                let classes = [cell.numeric ? "num" : nil, cell.status?.rawValue].compactMap { $0 }
                let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                return "<td\(attribute)>\(cell.text.xmlEscaped)</td>"
            }
            lines.append("<tr>" + cells.joined() + "</tr>")
        }
        lines += ["</tbody>", "</table>"]
        return lines.joined(separator: "\n")
    }
}
