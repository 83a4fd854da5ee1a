// PLACEHOLDER: scratch repositories, stub transport, captured output, process runner.
public enum CodecloudTestSupportPlaceholder {}
