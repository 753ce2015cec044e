// Activity listeners and meters are process-wide: every host in this process sees every span and measurement, the log
// tests swap the console, and cluster tests start real members on the machine's two cores. One test class at a time
// keeps each test's telemetry its own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
