using EDRS.Actors.Memory;
using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Runtime;
using Grpc.Core;

namespace EDRS.Actors.Tools.Invocation.BuiltIns;

/// <summary>
/// <c>memory_search</c>: the long-term memories of one of the tenant's personas that best answer a question, as its memory
/// grain ranks them (meaning, words, people, recency, importance; a memory updated since is marked superseded). Reads only.
/// </summary>
public sealed class MemorySearchTool(GrainClients clients) : IBuiltInTool
{
    /// <summary>Memories returned when the call does not say.</summary>
    public const int DefaultK = 5;

    public string Name => ToolNames.MemorySearch;

    public string Description => "Searches a persona's long-term memory (what it was told and what happened, and about whom) for a question; best first.";

    public string ArgsSchema => $$$"""
        {"type":"object","required":["personaId","query"],"properties":{
          "personaId":{"type":"string","minLength":1,"maxLength":64,"description":"Whose memory: a persona id."},
          "query":{"type":"string","minLength":1,"maxLength":{{{MemoryLimits.MaxQueryLength}}},"description":"The question."},
          "personId":{"type":"string","maxLength":64,"description":"The person the question is about, if any."},
          "k":{"type":"integer","minimum":1,"maximum":50,"description":"How many memories; default {{{DefaultK}}}."}},
        "additionalProperties":false}
        """;

    public async Task<ToolCallResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var args = invocation.Args;
        var personaId = args.GetProperty("personaId").GetString();
        if (!GrainIds.IsEntityId(personaId))
            return ToolCallResult.Permanent($"memory_search: personaId must be {GrainIds.EntityIdRule}");
        var request = new SearchMemoriesRequest
        {
            PersonaId = personaId,
            Query = args.GetProperty("query").GetString() ?? "",
            PersonId = args.TryGetProperty("personId", out var person) ? person.GetString() ?? "" : "",
            // The schema allows 3.0 as an integer.
            K = args.TryGetProperty("k", out var k) ? (int)k.GetDouble() : DefaultK,
        };
        MemorySearchResult found;
        try
        {
            found = await clients.Memory(invocation.Tenant, personaId!).SearchAsync(request, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound)
        {
            return ToolCallResult.Permanent($"memory_search: {ex.Status.Detail}");
        }
        return ToolCallResult.Success(new
        {
            personaId,
            items = found.Items.Select(hit => new
            {
                id = hit.Memory.Id,
                text = hit.Memory.Text,
                personId = hit.Memory.PersonId.Length == 0 ? null : hit.Memory.PersonId,
                kind = EntryKinds.FromContract(hit.Memory.Kind) is { } kind ? EntryKinds.Format(kind) : "note",
                importance = hit.Memory.Importance,
                occurredAt = hit.Memory.OccurredAt?.ToDateTimeOffset(),
                score = hit.Score,
                superseded = hit.Superseded,
            }),
        });
    }
}
