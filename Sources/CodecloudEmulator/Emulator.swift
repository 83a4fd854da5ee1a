import Hummingbird
import Crypto
// PLACEHOLDER: the emulator arrives with issue 4.
public enum CodecloudEmulatorPlaceholder {}
