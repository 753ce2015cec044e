// Each class starts a gateway with an in-process cluster on its own database: one class at a time on two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
