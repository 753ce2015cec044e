using EDRS.Actors.Personas;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Attacks.Tests.Idempotency;

/// <summary>
/// Callers that bypass the gateway (other grains, cluster clients) reach the grain with whatever request id they choose:
/// the grain itself remembers what each request id asked for, across recovery from the journal and from snapshots.
/// </summary>
public sealed class GrainFingerprintTests
{
    private static PersonaGrain.PersonaGrainClient Persona(GatewayFixture gateway, string personaId) =>
        gateway.Services.GetRequiredService<GrainClients>().Persona(Tenant, personaId);

    private static async Task<string> PersonaKnowingAliceAndBobAsync(GatewayFixture gateway)
    {
        var personaId = NewId();
        var persona = Persona(gateway, personaId);
        await persona.HireAsync(Hire(personaId));
        await persona.RememberFactAsync(Remember(personaId, "alice", "Alice takes notes."));
        await persona.RememberFactAsync(Remember(personaId, "bob", "Bob takes notes."));
        return personaId;
    }

    private static Task<ForgetPersonAck> ForgetAsync(GatewayFixture gateway, string personaId, string personId, string requestId) =>
        Persona(gateway, personaId).ForgetPersonAsync(new ForgetPersonRequest { RequestId = requestId, PersonaId = personaId, PersonId = personId }).ResponseAsync;

    /// <summary>A persona that forgot alice under a new request id, and the snapshot taken right after.</summary>
    private static async Task<(string PersonaId, string RequestId)> AliceForgottenThenSnapshottedAsync(GatewayFixture gateway)
    {
        var personaId = await PersonaKnowingAliceAndBobAsync(gateway);
        var requestId = NewRequestId();
        await ForgetAsync(gateway, personaId, "alice", requestId);
        await Eventually.TrueAsync(async () => await gateway.Database.SnapshotVersionAsync(StreamKey(personaId)) >= 4, "the snapshot after the erasure");
        return (personaId, requestId);
    }

    private static async Task AssertRefusedAsync(GatewayFixture gateway, string personaId, string requestId)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => ForgetAsync(gateway, personaId, "bob", requestId));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        var bob = await Persona(gateway, personaId).GetPersonAsync(new GetPersonRequest { PersonId = "bob" });
        Assert.Single(bob.Facts);
    }

    [Fact]
    public async Task A_request_id_reused_for_another_request_is_FAILED_PRECONDITION_at_the_grain()
    {
        await using var gateway = await GatewayFixture.StartAsync(new GatewayOptions());
        var personaId = await PersonaKnowingAliceAndBobAsync(gateway);
        var requestId = NewRequestId();
        await ForgetAsync(gateway, personaId, "alice", requestId);

        await AssertRefusedAsync(gateway, personaId, requestId);
        // The same request again still gets its first answer.
        Assert.Equal(1, (await ForgetAsync(gateway, personaId, "alice", requestId)).FactsErased);
    }

    [Fact]
    public async Task A_grain_recovered_from_its_journal_still_knows_what_a_request_id_asked_for()
    {
        await using var gateway = await GatewayFixture.StartAsync(new GatewayOptions());
        var personaId = await PersonaKnowingAliceAndBobAsync(gateway);
        var requestId = NewRequestId();
        await ForgetAsync(gateway, personaId, "alice", requestId);

        await gateway.RestartAsync();

        await AssertRefusedAsync(gateway, personaId, requestId);
    }

    [Fact]
    public async Task A_grain_recovered_from_a_snapshot_still_knows_what_a_request_id_asked_for()
    {
        await using var gateway = await GatewayFixture.StartAsync(new GatewayOptions { SnapshotEvery = 1 });
        var (personaId, requestId) = await AliceForgottenThenSnapshottedAsync(gateway);

        await gateway.RestartAsync();

        await AssertRefusedAsync(gateway, personaId, requestId);
    }

    [Fact]
    public async Task A_snapshot_written_before_request_fingerprints_existed_still_loads_and_replays()
    {
        await using var gateway = await GatewayFixture.StartAsync(new GatewayOptions { SnapshotEvery = 1 });
        var (personaId, requestId) = await AliceForgottenThenSnapshottedAsync(gateway);
        await gateway.RestartAsync();
        // What a snapshot of the earlier format holds: request ids with their replies and nothing else.
        await gateway.Database.ExecuteAsync("""
            update edrs_snapshots set data = jsonb_set(data, '{requests}',
              (select coalesce(jsonb_agg(r - 'fingerprint'), '[]'::jsonb) from jsonb_array_elements(data->'requests') r))
            where stream_id = $1
            """, StreamKey(personaId));

        var again = await ForgetAsync(gateway, personaId, "alice", requestId);

        Assert.Equal(1, again.FactsErased);
        var bob = await Persona(gateway, personaId).GetPersonAsync(new GetPersonRequest { PersonId = "bob" });
        Assert.Single(bob.Facts);
    }
}
