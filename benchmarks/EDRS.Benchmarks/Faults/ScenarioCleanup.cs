using EDRS.Testing;

namespace EDRS.Benchmarks.Faults;

/// <summary>The end of a scenario with members, a gateway and the harness: the logs' tails when it broke, and everything stopped.</summary>
internal static class ScenarioCleanup
{
    /// <summary>Prints the last lines of every process's log (a scenario that threw).</summary>
    public static void PrintTails(IEnumerable<MemberProcess> members, FaultsGateway? gateway)
    {
        foreach (var member in members)
            Console.Error.WriteLine($"--- {member.Address} ({member.LogPath}) ---\n{member.Tail()}");
        if (gateway is not null)
            Console.Error.WriteLine($"--- gateway {gateway.Address} ({gateway.Process.LogPath}) ---\n{gateway.Process.Tail()}");
    }

    /// <summary>Stops every process and drops the database, unless <paramref name="keepDatabase"/> (a failed check: kept for inspection).</summary>
    public static async Task StopAsync(IEnumerable<MemberProcess> members, FaultsGateway? gateway, HarnessMember? harness, TestDatabase database, bool keepDatabase)
    {
        foreach (var member in members)
            await member.DisposeAsync().ConfigureAwait(false);
        if (gateway is not null)
            await gateway.DisposeAsync().ConfigureAwait(false);
        if (harness is not null)
            await harness.DisposeAsync().ConfigureAwait(false);
        if (keepDatabase)
            Console.Error.WriteLine($"  database {database.Name} kept for inspection");
        else
            await database.DisposeAsync().ConfigureAwait(false);
    }
}
