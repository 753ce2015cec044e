namespace EDRS.Benchmarks.Workflows;

/// <summary>Cores used on average in the measured window: the gateway process, PostgreSQL, this process, the whole machine.</summary>
internal sealed record CpuShare(double GatewayCores, double PostgresCores, double HarnessCores, double MachineCores);
