// Opens one URLSession data task on a delegate session and keeps it open for 30 s, nothing else.
// Used by scripts/bench-urlsession-idle.sh to measure what an open, idle transfer costs.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

final class Sink: NSObject, URLSessionDataDelegate {
    func urlSession(_ s: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {}
}

let url = URL(string: CommandLine.arguments[1])!
let session = URLSession(configuration: .ephemeral, delegate: Sink(), delegateQueue: nil)
session.dataTask(with: URLRequest(url: url)).resume()
Thread.sleep(forTimeInterval: 30)
