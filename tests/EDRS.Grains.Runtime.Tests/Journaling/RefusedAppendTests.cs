using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Commands;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Persistence.Journal;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Grains;
using Grpc.Core;

namespace EDRS.Grains.Runtime.Tests.Journaling;

/// <summary>
/// The journal refusing an append for its data is a definite outcome: nothing was written, so memory and journal still
/// agree. The activation keeps running, the caller gets a non-retryable error in its own terms, and the request id is not
/// spent (the same id with storable data is a new request).
/// </summary>
public sealed class RefusedAppendTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_refused_append_is_INVALID_ARGUMENT_the_activation_runs_on_and_the_request_id_is_not_remembered()
    {
        await using var member = await TestMember.StartSingleNodeAsync(db.ConnectionString);
        var personaId = await member.HireAsync();
        var activation = new GrainActivation(GrainIdentity.Of("persona", Personas.Tenant, personaId), TimeProvider.System);
        var journaled = member.Service<JournaledStateFactory>().Create<PersonaState, PersonaEvent>(activation, PersonaState.Initial, PersonaDecider.Evolve);
        await journaled.RecoverAsync(CancellationToken.None);
        var (state, version) = (journaled.State, journaled.Version);

        var refused = await Assert.ThrowsAsync<GrainException>(() => RememberAsync(journaled, "r-1", "a\0b"));

        Assert.Equal(StatusCode.InvalidArgument, refused.Code);
        Assert.DoesNotContain(activation.StreamKey, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("22P05", refused.Message, StringComparison.Ordinal);
        Assert.False(activation.StopRequested);
        Assert.Same(state, journaled.State);
        Assert.Equal(version, journaled.Version);
        var ack = await RememberAsync(journaled, "r-1", "storable");
        Assert.Equal(version + 1, ack.Version);
        Assert.Equal([1L, 2L], await db.VersionsAsync(Personas.StreamKey(personaId)));
    }

    [Theory]
    [InlineData("22P05", StatusCode.InvalidArgument)]
    [InlineData("22003", StatusCode.InvalidArgument)]
    [InlineData("23505", StatusCode.FailedPrecondition)]
    [InlineData("54000", StatusCode.FailedPrecondition)]
    public void A_refusal_answers_by_its_SQL_class_without_naming_stream_or_state(string sqlState, StatusCode code)
    {
        var refusal = GrainException.From(new JournalRejectedException("persona/acme/ada", sqlState, "a rule"));

        Assert.Equal(code, refusal.Code);
        Assert.DoesNotContain("persona/acme/ada", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(sqlState, refusal.Message, StringComparison.Ordinal);
    }

    private static Task<PersonaAck> RememberAsync(JournaledState<PersonaState, PersonaEvent> journaled, string requestId, string text)
    {
        var command = new RememberFact("ivy", PersonFactKind.Note, "", text, "");
        return journaled.ExecuteAsync(requestId, s => PersonaDecider.Decide(command, s, DateTimeOffset.UtcNow), (_, v, _) => new PersonaAck { Version = v });
    }
}
