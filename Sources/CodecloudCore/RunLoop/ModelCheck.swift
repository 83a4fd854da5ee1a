import CodecloudAPI

/// Checks `--model` and `--provider` against codecloud's public catalogue before a run is
/// submitted, so a typo fails in a second with suggestions instead of after a queued run.
///
/// The check never blocks work: when the catalogue cannot be fetched (offline, slow, 5xx) it
/// passes. The catalogue lists only each provider's most recent models, so the error says how
/// to see them rather than claiming the model cannot exist.
public struct ModelCheck: Sendable {
    /// Fetches the catalogue (`CodecloudClient.models`), ideally quick and without retries.
    public var fetchCatalogue: @Sendable () async throws -> ModelsResponse

    public init(fetchCatalogue: @escaping @Sendable () async throws -> ModelsResponse) {
        self.fetchCatalogue = fetchCatalogue
    }

    /// Throws a usage error naming the closest known ids when `model` or `provider` is unknown.
    public func verify(model: String?, provider: String?) async throws {
        guard model != nil || provider != nil, let catalogue = try? await fetchCatalogue(),
              !catalogue.models.isEmpty else { return }
        if let provider, catalogue.models[provider] == nil {
            throw unknown("provider", provider, known: Array(catalogue.models.keys), listing: "git codecloud providers")
        }
        guard let model else { return }
        let candidates = provider.map { catalogue.models[$0] ?? [] } ?? catalogue.models.values.flatMap { $0 }
        if !candidates.contains(where: { $0.id == model }) {
            let scope = provider.map { " for provider '\($0)'" } ?? ""
            throw unknown("model", model, known: candidates.map(\.id), listing: "git codecloud models", scope: scope)
        }
    }

    private func unknown(_ what: String, _ value: String, known: [String], listing: String, scope: String = "") -> WorkflowError {
        let closest = ModelCheck.closest(to: value, in: known)
        let suggestion = closest.isEmpty ? "" : "did you mean \(closest.joined(separator: ", "))? "
        return WorkflowError(
            "unknown \(what) '\(value)'\(scope)",
            hint: "\(suggestion)'\(listing)' lists the current ones", exitCode: .usage)
    }

    /// Up to three of `names` nearest to `value` by edit distance (case-insensitive), nearest
    /// first; names sharing nothing with `value` are left out.
    static func closest(to value: String, in names: [String]) -> [String] {
        let target = Array(value.lowercased())
        let scored = Set(names).map { name in (name, editDistance(target, Array(name.lowercased()))) }
        let limit = max(3, target.count / 2)
        return scored.filter { $0.1 <= limit }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
    }

    /// Levenshtein distance, one row at a time.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for (i, characterA) in a.enumerated() {
            var current = [i + 1]
            for (j, characterB) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (characterA == characterB ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
