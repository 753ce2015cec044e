using EDRS.Persistence.EventTypes;

namespace EDRS.Persistence.Tests;

public sealed record CounterIncremented(int By, string Note);

public sealed record CounterReset(string Reason, DateTimeOffset At);

public static class TestEvents
{
    public static EventTypeMap Map() => new EventTypeMap()
        .Map<CounterIncremented>("counter_incremented")
        .Map<CounterReset>("counter_reset");
}
