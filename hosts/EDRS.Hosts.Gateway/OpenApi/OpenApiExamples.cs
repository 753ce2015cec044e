using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using EDRS.Hosts.Gateway.Auth;
using EDRS.Hosts.Gateway.Inbound;
using EDRS.Hosts.Gateway.Memory;
using EDRS.Hosts.Gateway.Knowledge;
using EDRS.Hosts.Gateway.Personas;
using EDRS.Hosts.Gateway.Sessions;
using EDRS.Hosts.Gateway.WorkingMemory;

namespace EDRS.Hosts.Gateway.OpenApi;

/// <summary>
/// Examples of the API's bodies, written as the C# types and serialized the way the API serializes them,
/// so an example can never drift from its schema.
/// </summary>
internal static class OpenApiExamples
{
    private static readonly DateTimeOffset Hired = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Updated = new(2026, 11, 20, 14, 5, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly FrozenDictionary<Type, object> Samples = new Dictionary<Type, object>
    {
        [typeof(PersonaProfileBody)] = new PersonaProfileBody(
            "ada", "Ada", "Support lead", ["support", "billing"], ["first-line escalations"], "Calm, precise, warm with customers.",
            ["support.*", "billing.invoice_*"]),
        [typeof(PersonaResponse)] = new PersonaResponse(
            "ada", "Ada", "Support lead", ["support", "billing"], ["first-line escalations"], "Calm, precise, warm with customers.", 3, Hired, Updated, 2),
        [typeof(PersonaSummaryResponse)] = new PersonaSummaryResponse("ada", "Ada", "Support lead", ["support", "billing"], Hired, Updated),
        [typeof(PersonaPageResponse)] = new PersonaPageResponse(
            [new PersonaSummaryResponse("ada", "Ada", "Support lead", ["support", "billing"], Hired, Updated)], "YWRh"),
        [typeof(FactBody)] = new FactBody("preference", "meetings", "Prefers meetings before 11:00.", "1:1 on Monday"),
        [typeof(FactAckResponse)] = new FactAckResponse("ada", "bob", 7, 12, 3),
        [typeof(FactResponse)] = new FactResponse(7, "preference", "meetings", "Prefers meetings before 11:00.", "1:1 on Monday", Updated, null),
        [typeof(PersonResponse)] = new PersonResponse("ada", "bob",
            [new FactResponse(7, "preference", "meetings", "Prefers meetings before 11:00.", "1:1 on Monday", Updated, null)], 1),
        [typeof(OpenSessionBody)] = new OpenSessionBody("bob"),
        [typeof(MessageBody)] = new MessageBody("Can we move our sync to Thursday morning?", null),
        [typeof(ReplyResponse)] = new ReplyResponse("s-0193a5c2e7d84c1b9f3e2a6d5c4b3a21", 3, "Thursday at 10:00 works; I know you prefer mornings. Team syncs are 30 minutes [1].", 412, 14, 2, 0, 7,
            [new CitationResponse("meetings", "Meeting guidelines", "meetings:1:0", null, "handbook")], false),
        [typeof(SessionResponse)] = new SessionResponse("s-0193a5c2e7d84c1b9f3e2a6d5c4b3a21", "ada", "bob", Hired, 3,
            [new TurnResponse(1, "Can we move our sync to Thursday morning?", "Thursday at 10:00 works; I know you prefer mornings.", "replied", Updated, Updated, 412, 14, null)], 1),
        [typeof(TurnResponse)] = new TurnResponse(1, "Can we move our sync to Thursday morning?", "Thursday at 10:00 works; I know you prefer mornings.", "replied", Updated, Updated, 412, 14, null),
        [typeof(EventBody)] = new EventBody("019abc12-3def-7a45-8b67-0123456789ab", "helpdesk", "support.ticket_opened", "high",
            JsonDocument.Parse("{\"ticket\":42,\"subject\":\"Cannot log in\"}").RootElement, new Dictionary<string, string?> { ["region"] = "eu" }, Hired),
        [typeof(EventReceiptResponse)] = new EventReceiptResponse("019abc12-3def-7a45-8b67-0123456789ab", false, Updated, "ada", false, Hired, null),
        [typeof(InboxResponse)] = new InboxResponse("ada", 1,
            [new WorkItemResponse("019abc12-3def-7a45-8b67-0123456789ab", "support.ticket_opened", "helpdesk", "high", Hired, Updated, Updated)]),
        [typeof(MemoryBody)] = new MemoryBody("Maria is back on mornings as of 5 May; Fridays are her day off now.", "maria-garcia", "schedule", 6, Hired, "told"),
        [typeof(MemoryResponse)] = new MemoryResponse(12, "Maria is back on mornings as of 5 May; Fridays are her day off now.", "maria-garcia", "schedule", 6, Hired, "told", [7], [], Updated),
        [typeof(MemoryHitResponse)] = new MemoryHitResponse(12, "Maria is back on mornings as of 5 May; Fridays are her day off now.", "maria-garcia", "schedule", 6, Hired, 1.4213, false),
        [typeof(MemorySearchResponse)] = new MemorySearchResponse(
            [new MemoryHitResponse(12, "Maria is back on mornings as of 5 May; Fridays are her day off now.", "maria-garcia", "schedule", 6, Hired, 1.4213, false)]),
        [typeof(MemoryPageResponse)] = new MemoryPageResponse(
            [new MemoryResponse(12, "Maria is back on mornings as of 5 May; Fridays are her day off now.", "maria-garcia", "schedule", 6, Hired, "told", [7], [], Updated)], "MTI"),
        [typeof(WorkingMemoryItemBody)] = new WorkingMemoryItemBody("Call Bob back about the renewal before noon.", "high", 3600, "bob"),
        [typeof(WorkingMemoryItemResponse)] = new WorkingMemoryItemResponse(4, "Call Bob back about the renewal before noon.", "high", "bob", Hired, Hired.AddHours(1), null),
        [typeof(WorkingMemoryResponse)] = new WorkingMemoryResponse(
            [new WorkingMemoryItemResponse(4, "Call Bob back about the renewal before noon.", "high", "bob", Hired, Hired.AddHours(1), null)], 1),
        [typeof(PromoteBody)] = new PromoteBody("note", 7),
        [typeof(PromotedResponse)] = new PromotedResponse(4, 13),
        [typeof(CollectionBody)] = new CollectionBody("handbook", "Employee handbook", "Policies every employee should know.", 4, ["https://wiki.example/handbook/"]),
        [typeof(CollectionResponse)] = new CollectionResponse("handbook", "Employee handbook", "Policies every employee should know.", 4, ["https://wiki.example/handbook/"], Hired),
        [typeof(CollectionPageResponse)] = new CollectionPageResponse(
            [new CollectionResponse("handbook", "Employee handbook", "Policies every employee should know.", 4, null, Hired)], "aGFuZGJvb2s"),
        [typeof(DocumentBody)] = new DocumentBody("annual-leave", "Annual leave policy",
            "# Annual leave\n\nEvery employee receives 27 days of annual leave per calendar year.", "text/markdown", "https://wiki.example/handbook/leave", ["hr", "eu"]),
        [typeof(DocumentAckResponse)] = new DocumentAckResponse("annual-leave", 2, 14, false, "Annual leave policy"),
        [typeof(DocumentResponse)] = new DocumentResponse("annual-leave", "Annual leave policy", "https://wiki.example/handbook/leave", "text/markdown",
            "3f2a9c0d5e7b41a8c6d2e9f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9", 2, ["hr", "eu"], 14, null, Hired, Updated),
        [typeof(DocumentPageResponse)] = new DocumentPageResponse(
            [new DocumentResponse("annual-leave", "Annual leave policy", null, "text/markdown", "3f2a9c0d5e7b41a8c6d2e9f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9", 2, ["hr"], 14, null, Hired, Updated)],
            null),
        [typeof(SearchHitResponse)] = new SearchHitResponse("annual-leave", "Annual leave policy", "annual-leave:2:0",
            "Every employee receives 27 days of annual leave per calendar year.", 0.83f, null, 17, 83, 2),
        [typeof(SearchResponse)] = new SearchResponse([new SearchHitResponse("annual-leave", "Annual leave policy", "annual-leave:2:0",
            "Every employee receives 27 days of annual leave per calendar year.", 0.83f, null, 17, 83, 2)]),
        [typeof(TokenResponse)] = new TokenResponse("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.c2lnbmF0dXJl", "Bearer", 3600),
    }.ToFrozenDictionary();

    public static JsonNode? For(Type type) =>
        Samples.TryGetValue(type, out var sample) ? JsonSerializer.SerializeToNode(sample, type, Json) : null;
}
