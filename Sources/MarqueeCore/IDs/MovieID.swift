/// A movie of the catalogue: a slug of title and year joined by `+`, e.g. `the+green+mile+1999`.
///
/// Slugs are lower-case ASCII letters and digits plus the punctuation `+ - ' : . & ! ? ( ) _ ;`.
/// Anything else (spaces, commas, slashes, upper case, non-ASCII) is rejected, because it would
/// break the comma-separated event log or the URL paths that carry the id.
public struct MovieID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The longest slug accepted.
    public static let maximumLength = 256

    /// The slug.
    public let slug: String

    /// Creates a movie id from a slug, or `nil` when the slug is empty, too long or has a forbidden character.
    public init?(_ slug: some StringProtocol) {
        guard Self.isValid(slug.utf8) else { return nil }
        self.slug = String(slug)
    }

    /// Creates a movie id from the UTF-8 bytes of a slug, or `nil` when they are not a valid slug.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard Self.isValid(bytes) else { return nil }
        self.slug = String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `bytes` form a valid slug.
    public static func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        return bytes.allSatisfy(isSlugByte)
    }

    @inline(__always)
    static func isSlugByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "'"), UInt8(ascii: ":"), UInt8(ascii: "."),
            UInt8(ascii: "&"), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "("), UInt8(ascii: ")"),
            UInt8(ascii: "_"), UInt8(ascii: ";"):
            true
        default: false
        }
    }

    /// Builds a slug from a title and a year the way the streaming service does:
    /// lower case, runs of other characters collapsed to `+`, the year appended.
    public static func slug(title: String, year: Int) -> MovieID? {
        var out = ""
        var pendingSeparator = false
        for scalar in title.lowercased().unicodeScalars {
            if scalar.isASCII, isSlugByte(UInt8(scalar.value)), scalar != "+" {
                if pendingSeparator, !out.isEmpty { out.append("+") }
                pendingSeparator = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingSeparator = true
            }
        }
        if !out.isEmpty { out.append("+") }
        out.append(String(year))
        return MovieID(out)
    }

    public static func < (lhs: MovieID, rhs: MovieID) -> Bool { lhs.slug < rhs.slug }

    public var description: String { slug }
}
