using System.Text.Json;
using EDRS.Actors.Inbound.Ingestion;
using EDRS.Grains.Contracts.Events;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace EDRS.Actors.Tools.Invocation.BuiltIns;

/// <summary>
/// <c>publish_event</c>: an inbound event of the tenant, ingested like one from REST (journaled, deduplicated, routed, and
/// starting the workflows bound to its type). Its id comes from the call's idempotency key: a repeat is a duplicate.
/// </summary>
public sealed class PublishEventTool(IServiceProvider services) : IBuiltInTool
{
    public string Name => ToolNames.PublishEvent;

    public string Description => "Publishes an event (domain.action) to the tenant's event stream, where it is routed to a persona and may start workflows.";

    public string ArgsSchema => """
        {"type":"object","required":["eventType"],"properties":{
          "eventType":{"type":"string","pattern":"^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$","description":"domain.action"},
          "payload":{"type":"object","description":"The event's payload."},
          "priority":{"enum":["low","normal","high","critical"],"description":"Default normal."},
          "source":{"type":"string","maxLength":200,"description":"Default: workflow."}}}
        """;

    public async Task<ToolCallResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        if (services.GetService<EventIngestor>() is not { } ingestor)
            return ToolCallResult.Permanent("publish_event: this member does not ingest events (the inbound feature is not configured)");
        var args = invocation.Args;
        var e = new BaseEvent
        {
            EventId = InvocationIds.EventId(invocation).ToString("D"),
            Source = args.TryGetProperty("source", out var source) ? source.GetString() ?? "workflow" : "workflow",
            EventType = args.GetProperty("eventType").GetString() ?? "",
            Priority = (args.TryGetProperty("priority", out var p) ? p.GetString() : "normal") switch
            {
                "low" => EventPriority.Low,
                "high" => EventPriority.High,
                "critical" => EventPriority.Critical,
                _ => EventPriority.Normal,
            },
            Payload = args.TryGetProperty("payload", out var payload) ? payload.GetRawText() : "{}",
            OccurredAt = Timestamp.FromDateTimeOffset(invocation.AttemptStartedAt),
        };
        e.Metadata["requester"] = invocation.Requester;
        var result = await ingestor.IngestAsync(invocation.Tenant, e, cancellationToken).ConfigureAwait(false);
        if (result.ErrorCode != 0)
        {
            var message = $"publish_event: {result.ErrorMessage}";
            return result.ErrorCode == (int)Grpc.Core.StatusCode.InvalidArgument ? ToolCallResult.Permanent(message) : ToolCallResult.Transient(message);
        }
        return ToolCallResult.Success(new { eventId = e.EventId, routedTo = result.Receipt.RoutedTo, duplicate = result.Duplicate });
    }
}
