import AutoArrCore
import AutoArrIntegrations
import AutoArrServer
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
    static func kernel() -> (seconds: Double, faults: Int) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return (Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6, usage.ru_minflt)
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
        var cpu: [Double] = []
        var wall: [Double] = []
        var size = 0
        var system: [Double] = []
        var faults: [Int] = []
        for _ in 0..<11 {
            let (cpuStart, wallStart, kernelStart) = (cpuSeconds(), ContinuousClock.now, kernel())
            let report = await components.monitor.pass()
            let kernelEnd = kernel()
            system.append((kernelEnd.seconds - kernelStart.seconds) * 1000)
            faults.append(kernelEnd.faults - kernelStart.faults)
            cpu.append((cpuSeconds() - cpuStart) * 1000)
            wall.append(LLMChain.milliseconds(ContinuousClock.now - wallStart))
            size = report.downloads
            if !report.errors.isEmpty { print("errors: \(report.errors)") }
        }
        cpu.sort()
        wall.sort()
        if ProcessInfo.processInfo.environment["BENCH_VERBOSE"] != nil {
            print("passes (CPU ms):", cpu.map { String(format: "%.1f", $0) }.joined(separator: " "))
            print("  system ms:", system.map { String(format: "%.1f", $0) }.joined(separator: " "), " minor faults:", faults.map(String.init).joined(separator: " "))
        }
        print(String(format: "monitor pass       %d downloads: CPU median %.1f ms (min %.1f, max %.1f), wall median %.1f ms", size, cpu[5], cpu[0], cpu[10], wall[5]))
        // Where the CPU goes: fetching and decoding each side, against the whole pass.
        let gateway = DownloadGateway(transport: HTTPTransport(), instance: { name in try await components.services.instance(named: name) })
        let (sabInstance, radarrInstance) = (config.services[1], config.services[0])
        var start = cpuSeconds()
        _ = try await gateway.clientItems(sabInstance)
        let sabCPU = (cpuSeconds() - start) * 1000
        start = cpuSeconds()
        _ = try await gateway.arrQueue(radarrInstance)
        let radarrCPU = (cpuSeconds() - start) * 1000
        print(String(format: "  of which          SABnzbd queue+history fetch and decode %.1f ms, Radarr queue (5 pages) %.1f ms", sabCPU, radarrCPU))

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
