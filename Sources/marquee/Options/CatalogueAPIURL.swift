import Foundation

/// Checks that `text`, given for `option`, is an http(s) URL with a host, as the user/movie API client needs.
func validateCatalogueAPIURL(_ text: String, option: String) throws {
    guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
        throw CommandFailure("\(option) must be an http(s) URL such as http://catalogue:8080, got '\(text)'")
    }
}
