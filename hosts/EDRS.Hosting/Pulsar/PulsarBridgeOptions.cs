using EDRS.Grains.Runtime;
using EDRS.Pulsar;

namespace EDRS.Hosting.Pulsar;

/// <summary>
/// The Pulsar bridge (section <c>PulsarBridge</c>; environment variables <c>PulsarBridge__...</c>): which topics it
/// consumes into which EDRS tenant, and where outgoing domain events go. The connection itself is section
/// <c>Pulsar</c> (<see cref="PulsarClientOptions"/>: <c>Pulsar__ServiceUrl</c>, <c>Pulsar__AuthToken</c>, ...).
/// </summary>
public sealed class PulsarBridgeOptions
{
    public const string Section = "PulsarBridge";

    /// <summary>Consume <see cref="Topics"/> and ingest their messages as events of <see cref="Tenant"/>. Default false.</summary>
    public bool Consume { get; set; }

    /// <summary>
    /// Publish outgoing domain events (the outbox), each to its tenant's own topic
    /// <c>persistent://{PulsarTenant}/{Namespace}/{tenant}.{domain}.{action}</c>. Default false.
    /// </summary>
    public bool Publish { get; set; }

    /// <summary>The EDRS tenant every consumed event belongs to (never taken from the message). Required to consume.</summary>
    public string Tenant { get; set; } = "";

    /// <summary>Topics to consume (full <c>persistent://...</c> names, or names inside <see cref="PulsarTenant"/>/<see cref="Namespace"/>). Required to consume.</summary>
    public List<string> Topics { get; set; } = [];

    /// <summary>The subscription the bridge consumes under (Shared, so several bridge processes share the work). Default <c>edrs-bridge</c>.</summary>
    public string Subscription { get; set; } = "edrs-bridge";

    /// <summary>Pulsar tenant of outgoing topics (and of short consumed topic names). Default <c>edrs</c>.</summary>
    public string PulsarTenant { get; set; } = "edrs";

    /// <summary>Pulsar namespace of outgoing topics (and of short consumed topic names). Default <c>events</c>.</summary>
    public string Namespace { get; set; } = "events";

    /// <summary>Where messages that cannot be turned into an event go. Default <c>persistent://{PulsarTenant}/{Namespace}/edrs.dead_letter</c>.</summary>
    public string? DeadLetterTopic { get; set; }

    /// <summary>Messages being ingested at once (each is acknowledged after its journal commit). Default 256.</summary>
    public int MaxInFlight { get; set; } = 256;

    /// <summary>Before a message whose ingestion failed (journal or cluster unavailable) is asked for again. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public string DeadLetter => DeadLetterTopic ?? FullTopic("edrs.dead_letter");

    /// <summary>A topic name as the broker knows it: full names stay, short ones go into the configured tenant and namespace.</summary>
    public string FullTopic(string topic) =>
        topic.Contains("://", StringComparison.Ordinal) ? topic : $"persistent://{PulsarTenant}/{Namespace}/{topic}";

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!IsName(PulsarTenant))
            problems.Add($"PulsarBridge:PulsarTenant must be a Pulsar tenant name (letters, digits, '-', '_', '.'; was '{PulsarTenant}'): set PulsarBridge__PulsarTenant.");
        if (!IsName(Namespace))
            problems.Add($"PulsarBridge:Namespace must be a Pulsar namespace name (was '{Namespace}'): set PulsarBridge__Namespace.");
        if (Consume)
        {
            if (!GrainIds.IsTenant(Tenant))
                problems.Add($"PulsarBridge:Tenant must be the EDRS tenant consumed events belong to (lowercase letters, digits, '-'; was '{Tenant}'): set PulsarBridge__Tenant.");
            if (Topics.Count == 0)
                problems.Add("PulsarBridge:Topics lists no topic to consume: set PulsarBridge__Topics__0 (and __1, ...), or PulsarBridge__Consume=false.");
            for (var i = 0; i < Topics.Count; i++)
            {
                if (!IsTopic(FullTopic(Topics[i])))
                    problems.Add($"PulsarBridge:Topics:{i} '{Topics[i]}' is not a topic name: set PulsarBridge__Topics__{i} to persistent://tenant/namespace/topic.");
            }
            if (string.IsNullOrWhiteSpace(Subscription) || Subscription.Any(char.IsWhiteSpace))
                problems.Add($"PulsarBridge:Subscription must be a name without spaces (was '{Subscription}'): set PulsarBridge__Subscription.");
            if (!IsTopic(DeadLetter))
                problems.Add($"PulsarBridge:DeadLetterTopic '{DeadLetter}' is not a topic name: set PulsarBridge__DeadLetterTopic.");
        }
        if (MaxInFlight is < 1 or > 10_000)
            problems.Add($"PulsarBridge:MaxInFlight must be 1..10000 (was {MaxInFlight}): set PulsarBridge__MaxInFlight.");
        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(5))
            problems.Add($"PulsarBridge:RetryDelay must be 0..5 min (was {RetryDelay}): set PulsarBridge__RetryDelay.");
        return problems;
    }

    private static bool IsTopic(string topic)
    {
        try
        {
            TopicName.Normalize(topic);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsName(string value) =>
        value.Length is > 0 and <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
