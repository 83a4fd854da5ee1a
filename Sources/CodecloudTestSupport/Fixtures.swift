import Foundation

/// The wire fixtures in `Tests/Fixtures/api/`, shared by the Swift tests and the contract check.
public enum Fixtures {
    /// `Tests/Fixtures/api/`, found relative to this source file.
    public static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Fixtures/api", isDirectory: true)

    /// The bytes of `<name>.json` (name without the extension); traps when missing, since a
    /// missing fixture is a broken test, not a condition to handle.
    public static func data(_ name: String) -> Data {
        let url = directory.appendingPathComponent(name + ".json")
        guard let data = try? Data(contentsOf: url) else {
            fatalError("missing fixture \(url.path)")
        }
        return data
    }

    /// The fixture parsed as a JSON object, for comparing bodies independent of key order.
    public static func object(_ name: String) -> NSDictionary {
        jsonObject(data(name))
    }

    /// Every fixture name (without `.json`).
    public static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// `data` parsed as a JSON object (empty when it is not one).
    public static func jsonObject(_ data: Data) -> NSDictionary {
        (try? JSONSerialization.jsonObject(with: data)) as? NSDictionary ?? [:]
    }
}
