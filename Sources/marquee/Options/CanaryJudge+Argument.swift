import ArgumentParser
import MarqueeLifecycle

extension CanaryJudge.PromotionRule: ExpressibleByArgument {}
