/// The version of the code that trains a model: a git commit and whether the working tree had uncommitted changes.
///
/// The `marquee` executable bakes its own in at build time (see `Plugins/CodeVersionPlugin`); libraries take it as a
/// parameter.
public struct CodeVersion: Hashable, Sendable {
    /// The commit hash, or a version text given by the builder.
    public var commit: String
    /// Whether the working tree differed from the commit.
    public var dirty: Bool

    /// Creates a code version.
    public init(commit: String, dirty: Bool) {
        self.commit = commit
        self.dirty = dirty
    }

    /// E.g. `3794da0c1f2e…` or `3794da0c1f2e…+dirty`.
    public var description: String { dirty ? commit + "+dirty" : commit }
}

/// The Marquee release, recorded with every model version.
public enum MarqueeRelease {
    /// The release of this build.
    public static let version = "0.3.0"
}
