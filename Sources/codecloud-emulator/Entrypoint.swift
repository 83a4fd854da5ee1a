import ArgumentParser
import CodecloudEmulator

@main
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "codecloud-emulator", abstract: "A local codecloud (placeholder).")
    func run() async throws {}
}
