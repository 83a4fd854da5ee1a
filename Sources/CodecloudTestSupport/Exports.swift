// The neutral scaffolding (scratch directories, the developer-like HOME, await-condition, the
// silent TCP server) lives in CodecloudTestSandbox, which the emulator's tests use without the
// client's types; every client test that imports CodecloudTestSupport gets it too.
@_exported import CodecloudTestSandbox
