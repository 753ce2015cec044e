// Members and gateways start in this process, share the machine's two cores and report through process-wide meters:
// one test class at a time (the pure decider tests lose nothing by it).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
