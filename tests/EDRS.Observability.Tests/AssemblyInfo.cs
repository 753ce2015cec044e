// Activity listeners and meters are process-wide: every host in this process sees every span and measurement, and
// the log tests swap the console. One test at a time keeps each test's telemetry its own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
