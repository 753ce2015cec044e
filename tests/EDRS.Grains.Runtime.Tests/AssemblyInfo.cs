// Cluster tests start real members and count activations through a process-wide meter: run them one
// class at a time so they neither share measurements nor starve each other of the machine's two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
