import ArgumentParser
import MarqueeLifecycle

extension CanaryJudge.PromotionRule: @retroactive ExpressibleByArgument {}
