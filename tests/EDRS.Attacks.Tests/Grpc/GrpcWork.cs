using System.Net;
using System.Text.Json;
using EDRS.Actors.Inbound;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Runtime;
using EDRS.Testing.Gateway;
using Microsoft.Extensions.DependencyInjection;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Attacks.Tests.Grpc;

/// <summary>Work set up through REST for the gRPC attacks, and what the routing table believes about it.</summary>
internal static class GrpcWork
{
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    /// <summary>Hires personas handling <paramref name="eventType"/> (one per id) and publishes one event of it; returns the event id and who got it.</summary>
    public static async Task<(string EventId, string RoutedTo)> RoutedEventAsync(this GatewayFixture gateway, string eventType, params string[] personas)
    {
        foreach (var persona in personas)
            await gateway.Client.HireHandlingAsync(persona, eventType);
        var receipt = await gateway.Client.PublishAsync(Event(eventType: eventType));
        return (receipt.GetProperty("eventId").GetString()!, receipt.GetProperty("routedTo").GetString()!);
    }

    /// <summary>The persona the event's latest routing decision names (null: unassigned).</summary>
    public static async Task<string?> LatestRoutingAsync(this GatewayFixture gateway, string eventId)
    {
        var history = await gateway.Client.GetJsonAsync($"/api/v1/events/{eventId}");
        var latest = history.GetProperty("decisions").EnumerateArray().Last();
        return latest.TryGetProperty("personaId", out var persona) && persona.ValueKind == JsonValueKind.String ? persona.GetString() : null;
    }

    /// <summary>The open work the tenant's routing table holds for <paramref name="personaId"/> (as last reported).</summary>
    public static async Task<int> ReportedLoadAsync(this GatewayFixture gateway, string personaId, string tenant = TestClients.Default)
    {
        var table = await gateway.Services.GetRequiredService<GrainClients>().RoutingTable(tenant).GetTableAsync(new GetTableRequest());
        return table.Personas.Single(p => p.PersonaId == personaId).Open;
    }

    public static async Task<int> OpenWorkAsync(this GatewayFixture gateway, string personaId) =>
        (await gateway.Client.InboxAsync(personaId)).GetProperty("open").GetInt32();

    public static async Task AssertStatusAsync(this HttpResponseMessage response, HttpStatusCode expected) =>
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
}
