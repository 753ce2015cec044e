// Cluster tests start real members and read process-wide meters: one class at a time, so they neither share
// measurements nor starve each other of the machine's two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
