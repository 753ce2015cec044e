using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EDRS.Actors.Inbound.Ingestion;
using EDRS.Actors.Inbound.Routing;
using EDRS.Actors.Workflows.Definitions;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Workflows.Triggers;

/// <summary>
/// Starts the templates whose <see cref="WorkflowTrigger"/> matches an inbound event's type, with the event as the run's
/// input, before the event is routed (so an acknowledged event's runs are started). The run's id is
/// <see cref="RunIdOf"/> (<c>{eventId}.{template}</c>) and its request id the event's: the same event again — a client's
/// retry, a redelivery — finds the run it already started. A tenant's triggers are read from its registry at most every
/// <see cref="WorkflowsOptions.TriggerTtl"/>.
/// </summary>
public sealed class WorkflowTriggers(GrainClients clients, IOptions<WorkflowsOptions> options, TimeProvider time) : IInboundEventReaction
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset ReadAt, IReadOnlyList<Trigger> Triggers)> _tenants = new(StringComparer.Ordinal);

    /// <summary>Any type may start some tenant's template; <see cref="ReactAsync"/> looks at the tenant's triggers.</summary>
    public bool Handles(string eventType) => true;

    public async Task ReactAsync(string tenant, BaseEvent e, CancellationToken cancellationToken)
    {
        var triggers = await TriggersOfAsync(tenant, cancellationToken).ConfigureAwait(false);
        foreach (var trigger in triggers)
        {
            if (!EventTypePatterns.Matches(trigger.EventType, e.EventType))
                continue;
            var runId = RunIdOf(e.EventId, trigger.Template);
            await clients.Workflow(tenant, runId).StartAsync(new StartWorkflowRequest
            {
                RequestId = $"trigger:{e.EventId}",
                WorkflowId = runId,
                Template = trigger.Template,
                TemplateVersion = trigger.Version,
                Definition = trigger.Definition,
                Input = InputOf(e),
            }, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
        }
    }

    /// <summary>The id of the run <paramref name="template"/> starts for the event <paramref name="eventId"/>: <c>{eventId}.{template}</c>, or, when that is longer than an id may be, the event id and a hash of the template name.</summary>
    public static string RunIdOf(string eventId, string template)
    {
        var id = $"{eventId}.{template}";
        return GrainIds.IsEntityId(id)
            ? id
            : $"{eventId}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template)))[..(63 - eventId.Length)]}";
    }

    /// <summary>The event as the run's input: its fields by their REST names, the payload as JSON.</summary>
    public static string InputOf(BaseEvent e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("eventId", e.EventId);
            json.WriteString("source", e.Source);
            json.WriteString("eventType", e.EventType);
            json.WriteString("priority", e.Priority.ToString().ToLowerInvariant());
            json.WritePropertyName("payload");
            if (e.Payload.Length > 0)
                json.WriteRawValue(e.Payload);
            else
                json.WriteNullValue();
            json.WriteStartObject("metadata");
            foreach (var (key, value) in e.Metadata)
                json.WriteString(key, value);
            json.WriteEndObject();
            if (e.OccurredAt is { } occurred)
                json.WriteString("occurredAt", occurred.ToDateTimeOffset());
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task<IReadOnlyList<Trigger>> TriggersOfAsync(string tenant, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_tenants.TryGetValue(tenant, out var known) && now - known.ReadAt < options.Value.TriggerTtl)
            return known.Triggers;
        TemplateList list;
        try
        {
            list = await clients.WorkflowRegistry(tenant).ListTemplatesAsync(new ListTemplatesRequest(), cancellationToken: cancellationToken)
                .ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException) when (known.Triggers is not null)
        {
            // The registry unreachable for a moment (its member restarting): the triggers last read stand until it answers.
            return known.Triggers;
        }
        var triggers = new List<Trigger>();
        foreach (var template in list.Templates)
        {
            // Registered definitions were checked on registration: read the trigger only.
            if (WorkflowDefinitions.Parse(template.Definition).Trigger is { EventType.Length: > 0 } trigger)
                triggers.Add(new Trigger(trigger.EventType, template.Name, template.Version, template.Definition));
        }
        _tenants[tenant] = (now, triggers);
        return triggers;
    }

    private sealed record Trigger(string EventType, string Template, long Version, string Definition);
}
