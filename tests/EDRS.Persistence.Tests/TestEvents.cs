using System.Text.Json;
using EDRS.Persistence.EventTypes;

namespace EDRS.Persistence.Tests;

public sealed record CounterIncremented(int By, string Note);

public sealed record CounterReset(string Reason, DateTimeOffset At);

/// <summary>An event carrying raw JSON, written as it is: the way a value the serializer does not check reaches the journal.</summary>
public sealed record ReadingRecorded(JsonElement Value);

public static class TestEvents
{
    public static EventTypeMap Map() => new EventTypeMap()
        .Map<CounterIncremented>("counter_incremented")
        .Map<CounterReset>("counter_reset")
        .Map<ReadingRecorded>("reading_recorded");
}
