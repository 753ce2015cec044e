using System.Diagnostics;
using EDRS.Grains.Contracts.Personas;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Grains;
using Grpc.Core;
using Npgsql;

namespace EDRS.Grains.Runtime.Tests;

/// <summary>A caller's deadline bounds the call even while the grain is stuck (found by the fault harness's database checks).</summary>
public sealed class DeadlineTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_call_to_a_grain_stuck_on_the_journal_fails_at_its_deadline_and_a_retry_gets_the_first_answer()
    {
        await using var member = await TestMember.StartSingleNodeAsync(db.ConnectionString);
        var personaId = await member.HireAsync();

        // Another session holds the persona's stream row: its next append waits for that lock, like a database that stalls.
        await using var blocker = new NpgsqlConnection(db.ConnectionString);
        await blocker.OpenAsync();
        var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("select version from mt_streams where id = $1 for update", blocker, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter { Value = Personas.StreamKey(personaId) });
            await lockRow.ExecuteScalarAsync();
        }

        var request = new RememberFactRequest
        {
            RequestId = "stuck-1",
            PersonId = "kim",
            Kind = FactKind.Note,
            Text = "written while the database stalls",
        };
        var started = Stopwatch.GetTimestamp();
        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            member.Persona(personaId).RememberFactAsync(request, deadline: DateTime.UtcNow.AddSeconds(1)).ResponseAsync);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);
        // Proto.Cluster alone would wait its whole ActorRequestTimeout (5 s) before looking at the deadline.
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"the call returned after {elapsed.TotalMilliseconds:0} ms, its deadline was 1 s");

        // The stall ends; the command whose outcome the caller does not know lands, once, and a retry with the same
        // request id gets its answer.
        await transaction.RollbackAsync();
        var ack = await member.Persona(personaId).RememberFactAsync(request, deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.Equal(2, ack.Version);
        var counts = await db.RequestCountsAsync(Personas.StreamKey(personaId));
        Assert.Equal(1, counts["stuck-1"]);
    }
}
