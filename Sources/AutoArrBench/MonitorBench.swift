import AutoArrCore
import AutoArrIntegrations
import AutoArrApp
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// One monitor pass over a 5,000-item queue (Radarr + SABnzbd from `autoarr simulate` in another process, so its CPU
/// is not counted), and the time from a failure to the first recovery action.
enum MonitorBench {
    /// The process's CPU time, all threads, from the scheduler's own accounting (nanosecond resolution; `getrusage`
    /// is sampled at the timer tick here, 4 ms, too coarse for a 50 ms pass).
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// System time alone, and minor page faults, to see what the kernel's share is.
    static func kernel() -> (seconds: Double, faults: Int, switches: Int) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return (Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6, usage.ru_minflt, usage.ru_nvcsw + usage.ru_nivcsw)
    }

    static func run(_ arguments: [String]) async throws {
        guard arguments.count == 5, let radarr = URL(string: arguments[0]), let sab = URL(string: arguments[2]), let control = URL(string: arguments[4]) else {
            FileHandle.standardError.write(Data("usage: autoarr-bench monitor RADARR_URL RADARR_KEY SAB_URL SAB_KEY CONTROL_URL\n".utf8))
            exit(2)
        }
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("autoarr-bench-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        var config = AppConfig(dataDir: dataDir)
        config.services = [
            ServiceInstance(name: "radarr", kind: .radarr, url: radarr, credentials: .init(apiKey: arguments[1]), timeout: 60),
            ServiceInstance(name: "sabnzbd", kind: .sabnzbd, url: sab, credentials: .init(apiKey: arguments[3]), timeout: 60),
        ]
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let components = try await AppComponents.open(config, logger: logger)
        _ = await components.monitor.pass()  // warm up: connections, first sight of every job
        let passes = Int(ProcessInfo.processInfo.environment["BENCH_PASSES"] ?? "") ?? 21
        var cpu: [Double] = []
        var wall: [Double] = []
        var size = 0
        var system: [Double] = []
        var faults: [Int] = []
        var switches: [Int] = []
        for _ in 0..<passes {
            let (cpuStart, wallStart, kernelStart) = (cpuSeconds(), ContinuousClock.now, kernel())
            let report = await components.monitor.pass()
            let kernelEnd = kernel()
            system.append((kernelEnd.seconds - kernelStart.seconds) * 1000)
            faults.append(kernelEnd.faults - kernelStart.faults)
            switches.append(kernelEnd.switches - kernelStart.switches)
            cpu.append((cpuSeconds() - cpuStart) * 1000)
            wall.append(LLMChain.milliseconds(ContinuousClock.now - wallStart))
            size = report.downloads
            if !report.errors.isEmpty { print("errors: \(report.errors)") }
        }
        if ProcessInfo.processInfo.environment["BENCH_VERBOSE"] != nil {
            print("passes, in order (CPU ms / of which system ms / minor faults / context switches):",
                  cpu.indices.map { String(format: "%.1f/%.1f/%d/%d", cpu[$0], system[$0], faults[$0], switches[$0]) }.joined(separator: " "))
        }
        cpu.sort()
        wall.sort()
        print(String(format: "monitor pass       %d downloads: CPU median %.1f ms (min %.1f, max %.1f), wall median %.1f ms", size, cpu[passes / 2], cpu[0], cpu[passes - 1], wall[passes / 2]))
        // Where the CPU goes: fetching and decoding each side, against the whole pass.
        let gateway = DownloadGateway(transport: HTTPTransport(), instance: { name in try await components.services.instance(named: name) })
        let (sabInstance, radarrInstance) = (config.services[1], config.services[0])
        func median(_ work: () async throws -> Void) async throws -> Double {
            var samples: [Double] = []
            for _ in 0..<passes {
                let start = cpuSeconds()
                try await work()
                samples.append((cpuSeconds() - start) * 1000)
            }
            return samples.sorted()[passes / 2]
        }
        let sabCPU = try await median { _ = try await gateway.clientItems(sabInstance) }
        let radarrCPU = try await median { _ = try await gateway.arrQueue(radarrInstance) }
        // The pass's own work (join, classification, stall detection), on the same answers replayed from memory.
        let replay = Replay(items: try await gateway.clientItems(sabInstance), records: try await gateway.arrQueue(radarrInstance))
        let offline = DownloadMonitor(services: components.services, sources: replay, engine: components.recovery, bus: components.bus)
        _ = await offline.pass()
        let passCPU = try await median { _ = await offline.pass() }
        print(String(format: "  of which          SABnzbd queue+history fetch and read: CPU median %.1f ms; Radarr queue (5 pages): %.1f ms; the pass's own work: %.1f ms",
                     sabCPU, radarrCPU, passCPU))

        // Radarr's own redownload off, so the failure is AutoArr's to handle.
        var settings = URLRequest(url: radarr.appendingPathComponent("api/v3/config/downloadclient/1"))
        settings.httpMethod = "PUT"
        settings.setValue(arguments[1], forHTTPHeaderField: "X-Api-Key")
        settings.setValue("application/json", forHTTPHeaderField: "Content-Type")
        settings.httpBody = Data(#"{"id":1,"autoRedownloadFailed":false}"#.utf8)
        _ = try await URLSession.shared.data(for: settings)

        // A job fails in SABnzbd: time until the next pass has blocklisted it in Radarr.
        var request = URLRequest(url: control.appendingPathComponent("fail-first"))
        request.httpMethod = "POST"
        request.httpBody = Data("{}".utf8)
        let failedAt = ContinuousClock.now
        _ = try await URLSession.shared.data(for: request)
        _ = await components.monitor.pass()
        let acted = try await components.database.recovery.attempts(correlationId: nil, limit: 5).first { $0.status == .done }
        print(String(format: "failure → action   %.1f ms within one pass (%@); add the monitor interval the failure waits for: up to 30 s, or 5 s after recent changes",
                     LLMChain.milliseconds(ContinuousClock.now - failedAt), acted.map { $0.strategy.rawValue } ?? "no action"))
    }
}

/// The answers of one poll, given again on every pass.
private struct Replay: DownloadSources {
    var items: [DownloadItem]
    var records: [ArrQueueItem]

    func clientItems(_ instance: ServiceInstance) async throws -> [DownloadItem] { instance.kind == .sabnzbd ? items : [] }
    func arrQueue(_ instance: ServiceInstance) async throws -> [ArrQueueItem] { instance.kind == .radarr ? records : [] }
    func arrHistory(_ instance: ServiceInstance) async throws -> [ArrHistoryEvent] { [] }
    func arrRedownloadPolicy(_ instance: ServiceInstance) async throws -> ArrRedownloadPolicy { ArrRedownloadPolicy(automatic: true, fromInteractiveSearch: false) }
}
