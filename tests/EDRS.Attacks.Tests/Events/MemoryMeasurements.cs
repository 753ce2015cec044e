namespace EDRS.Attacks.Tests.Events;

/// <summary>
/// Tests that measure this process's memory while a gateway in it is flooded: they run alone (no other test's
/// allocations in the numbers).
/// </summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;
