/// The self-contained HTML shell of every page Marquee writes (the dashboard, the store report, the audit, the
/// feedback-loop study): one stylesheet inline, no scripts, no external resources.
public enum HTMLDocument {
    /// A whole page: a header with `title` and `subtitle` (both escaped here), then `body`, already HTML.
    /// - Parameter refreshSeconds: reload interval for a live page; `nil` for a static report.
    public static func page(title: String, subtitle: String, refreshSeconds: Int?, body: [String]) -> String {
        var head = [
            "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        ]
        if let refreshSeconds { head.append("<meta http-equiv=\"refresh\" content=\"\(refreshSeconds)\">") }
        head += ["<title>\(title.xmlEscaped)</title>", "<style>\(css)</style>", "</head>", "<body>"]
        let header = "<header><h1>\(title.xmlEscaped)</h1><p class=\"sub\">\(subtitle.xmlEscaped)</p></header>"
        return (head + [header, "<main>"] + body + ["</main>", "</body>", "</html>"]).joined(separator: "\n") + "\n"
    }

    /// A titled section.
    public static func section(_ id: String, _ title: String, _ content: [String], note: String? = nil) -> String {
        var parts = ["<section id=\"\(id.xmlEscaped)\">", "<h2>\(title.xmlEscaped)</h2>"]
        if let note { parts.append("<p class=\"note\">\(note.xmlEscaped)</p>") }
        return (parts + content + ["</section>"]).joined(separator: "\n")
    }

    /// Figures side by side (two columns on wide screens).
    public static func grid(_ items: [String]) -> String {
        "<div class=\"grid\">" + items.map { "<figure>\($0)</figure>" }.joined() + "</div>"
    }

    /// One headline tile: a label, a big value, a detail line, and a status colour.
    public static func tile(label: String, value: String, detail: String, status: StatusTable.Status?) -> String {
        let state = status?.rawValue ?? "none"
        return "<div class=\"tile \(state)\"><div class=\"label\">\(label.xmlEscaped)</div><div class=\"value\">\(value.xmlEscaped)</div>"
            + "<div class=\"detail\">\(detail.xmlEscaped)</div></div>"
    }

    /// The stylesheet every page carries.
    public static let css = """
        :root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--good:#1a7f37;--warning:#b35900;--bad:#c62828}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 Helvetica,Arial,sans-serif}
        header{background:#24292f;color:#fff;padding:14px 28px}
        header h1{margin:0;font-size:20px;font-weight:600}
        header .sub{margin:2px 0 0;color:#c9d1d9;font-size:13px}
        main{padding:18px 28px 40px;max-width:1500px;margin:0 auto}
        section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:0 0 18px}
        h2{font-size:16px;margin:0 0 10px;font-weight:600}
        .note{color:var(--muted);margin:-4px 0 10px;font-size:13px}
        .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px;margin:0 0 18px}
        .tile{background:#fff;border:1px solid var(--line);border-left:6px solid var(--line);border-radius:8px;padding:10px 14px}
        .tile.good{border-left-color:var(--good)}.tile.warning{border-left-color:var(--warning)}.tile.bad{border-left-color:var(--bad)}
        .tile .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
        .tile .value{font-size:22px;font-weight:600;margin:2px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
        .tile .detail{color:var(--muted);font-size:12px}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:14px}
        figure{margin:0}
        svg{max-width:100%;height:auto;display:block}
        table{border-collapse:collapse;width:100%;margin:0 0 14px;font-size:13px}
        caption{text-align:left;font-weight:600;padding:4px 0 6px}
        th,td{border-bottom:1px solid #eaeef2;padding:5px 8px;text-align:left;vertical-align:top}
        th{color:var(--muted);font-weight:600;background:#f6f8fa}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        td.good{color:var(--good);font-weight:600}td.warning{color:var(--warning);font-weight:600}td.bad{color:var(--bad);font-weight:600}
        td.empty{color:var(--muted);text-align:center;font-style:italic}
        pre{white-space:pre-wrap;background:#f6f8fa;padding:10px;border-radius:6px;font-size:12px}
        """
}
