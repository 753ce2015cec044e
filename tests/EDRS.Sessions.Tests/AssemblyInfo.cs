// Members and the gateway start in this process and share the machine's two cores: one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
