import AutoArrCore
import HummingbirdBcrypt
import NIOPosix

/// bcrypt password hashing, run on NIO's thread pool so it never blocks the async executor.
struct BcryptHasher: PasswordHasher {
    let cost: UInt8

    func hash(_ password: String) async -> String {
        await offload { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async -> Bool {
        await offload { Bcrypt.verify(password, hash: hash) }
    }

    private func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        (try? await NIOThreadPool.singleton.runIfActive(work)) ?? work()
    }
}
