// PLACEHOLDER: the cron parser arrives with the schedules work.
public enum CodecloudCronPlaceholder {}
