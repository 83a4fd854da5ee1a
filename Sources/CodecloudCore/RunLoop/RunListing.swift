import CodecloudAPI

/// The runs `list` and `wait --all` show: the service's list, narrowed to one repository.
public enum RunListing {
    /// What `fetch` found, and why the list may lack runs, when it may.
    public struct Listing: Sendable {
        public var runs: [RunSummary]
        public var incompleteNote: String?
    }

    /// Pages through the service's list (it has no repository filter) until `limit` runs of
    /// `repository` are found or the list ends; bounded so a huge account stays quick.
    ///
    /// The reference documents `limit` but not `offset`. Runs are kept once each (by id), and
    /// paging stops as soon as a page adds no run not seen before: against a service that
    /// ignores `offset`, that costs exactly one extra request, and the note says the listing
    /// may be incomplete.
    public static func fetch(limit: Int, status: RunStatus?, repository: RepositorySlug?, client: CodecloudClient) async throws -> Listing {
        var seen = Set<String>()
        func unseen(_ runs: [RunSummary]) -> [RunSummary] { runs.filter { seen.insert($0.id).inserted } }
        guard let repository else {
            return Listing(runs: Array(unseen(try await client.runs(limit: limit, status: status)).prefix(limit)))
        }
        var found: [RunSummary] = []
        let pageSize = 100, maximumPages = 10
        for page in 0..<maximumPages {
            let runs = try await client.runs(limit: pageSize, offset: page * pageSize, status: status)
            let new = unseen(runs)
            found += new.filter { run in run.repo.flatMap { try? RepositorySlug(validating: $0) }?.matches(repository) == true }
            if found.count >= limit || runs.count < pageSize { break }
            if new.isEmpty {
                // A full page of runs already seen: the service does not page with `offset`.
                return Listing(
                    runs: Array(found.prefix(limit)),
                    incompleteNote: "the service repeated the same runs instead of the next page, so older runs of \(repository) may be missing; git codecloud list --all shows the newest runs of every repository")
            }
            if page == maximumPages - 1 {
                return Listing(
                    runs: Array(found.prefix(limit)),
                    incompleteNote: "looked at the newest \(maximumPages * pageSize) runs only; older runs of \(repository) are not listed")
            }
        }
        return Listing(runs: Array(found.prefix(limit)))
    }
}
