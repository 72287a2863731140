import MarqueeLifecycle

extension CodeVersion {
    /// The code this executable was built from, baked in by `CodeVersionPlugin`.
    ///
    /// A release build that could not learn its commit (built outside a git checkout without `MARQUEE_CODE_VERSION`)
    /// refuses to train, so that no registered model says its code is "unknown"; a debug build records "unknown".
    static func build() throws -> CodeVersion {
        #if !DEBUG
        guard BuildInfo.commit != "unknown" else {
            throw CommandFailure(
                "this release build does not know its code version: build it from a git checkout, or set MARQUEE_CODE_VERSION when building")
        }
        #endif
        return CodeVersion(commit: BuildInfo.commit, dirty: BuildInfo.dirty)
    }
}
