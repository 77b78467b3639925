import AutoArrCore
import Foundation
import NIOHTTP1

extension HTTPHeaders {
    /// Adds HTTP Basic credentials from the instance's username and password, when it has a username.
    mutating func addBasicAuth(for instance: ServiceInstance) {
        guard let username = instance.credentials.username else { return }
        let token = Data("\(username):\(instance.credentials.password ?? "")".utf8).base64EncodedString()
        add(name: "Authorization", value: "Basic \(token)")
    }
}
