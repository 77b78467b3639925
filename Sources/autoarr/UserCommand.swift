import ArgumentParser
import AutoArrCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user. The password is read from standard input, or prompted for on a terminal.")

        @OptionGroup var common: CommonOptions

        @Option(help: "The new user's name.")
        var username: String

        func run() async throws {
            let config = try common.loadConfig()
            let components = try await openComponents(config, logger: makeLogger(config))
            let password = try Self.readPassword()
            do {
                let user = try await components.auth.createUser(username: username, password: password)
                print("created user \(user.username)")
            } catch let error as AutoArrError {
                FileHandle.standardError.write(Data("autoarr: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
        }

        private static func readPassword() throws -> String {
            guard isatty(STDIN_FILENO) == 1 else {
                return readLine(strippingNewline: true) ?? ""
            }
            let first = String(cString: getpass("Password (at least \(AuthService.minimumPasswordLength) characters): "))
            let second = String(cString: getpass("Repeat password: "))
            guard first == second else {
                FileHandle.standardError.write(Data("autoarr: the passwords differ\n".utf8))
                throw ExitCode.failure
            }
            return first
        }
    }
}
