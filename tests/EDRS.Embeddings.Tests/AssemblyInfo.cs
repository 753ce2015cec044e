// Each fixture loads the 90 MB model into its own ONNX Runtime session and every run uses both cores: one test class at
// a time keeps the suite's memory and time low.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
