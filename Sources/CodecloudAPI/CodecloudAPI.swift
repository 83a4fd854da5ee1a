// PLACEHOLDER: the client arrives with issue 3.
public enum CodecloudAPIPlaceholder {}
