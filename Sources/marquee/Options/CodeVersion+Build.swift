import MarqueeLifecycle

extension CodeVersion {
    /// The code this executable was built from, baked in by `CodeVersionPlugin`.
    static var build: CodeVersion { CodeVersion(commit: BuildInfo.commit, dirty: BuildInfo.dirty) }
}
