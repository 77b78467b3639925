import AutoArrCore
import Foundation
import Hummingbird

/// A Sonarr or Radarr instance's quality profiles, for choosing one when confirming a request (the rest of requests are actions).
struct RequestsController {
    let requests: RequestService

    struct ProfileList: ResponseEncodable { var items: [QualityProfileSummary] }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("requests/qualityprofiles") { request, _ in
            guard let instance = request.uri.queryParameters["instance"], !instance.isEmpty else {
                throw AutoArrError(.invalidInput, "name the Sonarr or Radarr instance", field: "instance")
            }
            return ProfileList(items: try await requests.qualityProfiles(instance: String(instance)))
        }
    }
}
