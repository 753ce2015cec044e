using EDRS.Grains.Contracts.Events;

namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>Priorities as the REST API spells them.</summary>
public static class EventPriorities
{
    public const string Allowed = "low, normal, high, critical";

    public static EventPriority Parse(string? value) => value?.ToLowerInvariant() switch
    {
        "low" => EventPriority.Low,
        "normal" => EventPriority.Normal,
        "high" => EventPriority.High,
        "critical" => EventPriority.Critical,
        _ => EventPriority.Unspecified,
    };

    public static string Name(EventPriority priority) => priority switch
    {
        EventPriority.Low => "low",
        EventPriority.Normal => "normal",
        EventPriority.High => "high",
        EventPriority.Critical => "critical",
        _ => "unspecified",
    };
}
