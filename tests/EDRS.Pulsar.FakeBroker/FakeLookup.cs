namespace EDRS.Pulsar.FakeBroker;

/// <summary>One LOOKUP the fake broker answered: the topic and whether the client marked it authoritative.</summary>
public sealed record FakeLookup(string Topic, bool Authoritative);
