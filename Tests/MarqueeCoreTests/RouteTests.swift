import MarqueeCore
import Testing

struct RouteTests {
    @Test func storedFormsAreTheOnesTelemetryAlwaysHeld() {
        #expect(Route.production.text == "production")
        #expect(Route.canary.text == "canary")
        #expect(Route.experiment("als-vs-popularity", arm: .control).text == "ab:als-vs-popularity:control")
        #expect(Route.experiment("als-vs-popularity", arm: .treatment).description == "ab:als-vs-popularity:treatment")
    }

    @Test(arguments: [
        Route.production, .canary, .experiment("cost-aware", arm: .control), .experiment("a:b", arm: .treatment), .experiment("", arm: .control),
    ])
    func readsBackWhatItWrites(route: Route) {
        #expect(Route(text: route.text) == route)
    }

    @Test(arguments: ["", "oracle", "F 25-34", "ab:", "ab:name", "ab:name:other", "ab:name:control:", "Canary"])
    func refusesTextOfNoRoute(text: String) {
        #expect(Route(text: text) == nil)
    }

    @Test func tellsAnExperimentsArmsFromOthers() {
        #expect(Route.isArm("ab:x:control", of: "x") && Route.isArm("ab:x:treatment", of: "x"))
        #expect(!Route.isArm("ab:xy:control", of: "x") && !Route.isArm("canary", of: "x") && !Route.isArm("ab:x", of: "x"))
    }
}
