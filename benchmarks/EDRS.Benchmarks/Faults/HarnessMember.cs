using System.Globalization;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Journal;
using EDRS.Persistence.Schema;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// The harness's own place in a cluster: a member that hosts no kinds (the role the gateway plays in a cluster), the
/// seed the member processes join, and the typed grain clients the load goes through. It is never killed, so a
/// restarted member always finds its seed (an unreachable seed would silently make it a cluster of its own).
/// </summary>
internal sealed class HarnessMember : IAsyncDisposable
{
    private readonly TestMember _member;

    private HarnessMember(TestMember member, string clusterName)
    {
        _member = member;
        ClusterName = clusterName;
    }

    public string Address => _member.Address;

    public string ClusterName { get; }

    public GrainClients Grains => _member.Grains;

    public Proto.Cluster.Cluster Cluster => _member.Cluster;

    /// <summary>Starts the seed of a new cluster named <paramref name="clusterName"/>; applies the journal schema to the database first.</summary>
    public static async Task<HarnessMember> StartSeedAsync(string clusterName, string connectionString, TimeSpan callTimeout, TimeSpan? heartbeatExpiration)
    {
        var member = await TestMember.StartAsync(new MemberSpec
        {
            // The journal only for its schema, applied as the harness starts: the member processes are started with
            // ApplySchemaOnStart=false, so three of them never race to migrate one database.
            Journal = connectionString,
            Kinds = MemberKinds.None,
            Provider = ClusterProviderKind.Seed,
            ClusterName = clusterName,
            // Like every member of the run: the product default unless --heartbeat-expiration is given.
            HeartbeatExpiration = heartbeatExpiration,
            Settings = new Dictionary<string, string?>
            {
                ["Grains:CallTimeout"] = callTimeout.ToString("c", CultureInfo.InvariantCulture),
                ["Logging:LogLevel:Default"] = "Error",
            },
            Configure = builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }).SetMinimumLevel(LogLevel.Error);
                // EDRS_FAULTS_PROTO_LOG=Warning shows the harness's own gossip and remoting warnings when a run is investigated.
                // EDRS.Cluster too: the heartbeat guard's stall and self-suspicion warnings.
                var investigated = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("EDRS_FAULTS_PROTO_LOG"), out var protoLevel);
                builder.Logging.AddFilter("Proto", investigated ? protoLevel : LogLevel.Critical);
                if (investigated)
                    builder.Logging.AddFilter("EDRS.Cluster", protoLevel);
            },
        }).ConfigureAwait(false);
        return new HarnessMember(member, clusterName);
    }

    /// <summary>Member processes that never appeared in this cluster and were replaced (see <see cref="StartMemberAsync"/>).</summary>
    public int FailedJoins { get; private set; }

    /// <summary>
    /// Starts a member process that joins this seed, and waits until it is in the cluster. Proto.Cluster 1.8's seed
    /// provider gives up after one failed join (seen here under heavy CPU load: "Failed to connect to seed node") and
    /// the process then runs as a cluster of its own, so a member that does not show up in time is killed and started
    /// again, at most <paramref name="attempts"/> times.
    /// </summary>
    /// <param name="dll">Another host than the member (the gateway), with <paramref name="settings"/> as environment variables.</param>
    public async Task<MemberProcess> StartMemberAsync(FaultsRun run, string name, string connectionString, int attempts = 3,
        string? dll = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>());
        if (run.HeartbeatExpiration is { } heartbeat)
            environment["Cluster__HeartbeatExpiration"] = heartbeat.ToString("c", CultureInfo.InvariantCulture);
        for (var attempt = 1; ; attempt++)
        {
            var member = MemberProcess.Start(run, name, ClusterName, Address, connectionString, environment, dll);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!Sees(member.Address) && !member.HasExited && DateTime.UtcNow < deadline)
                await Task.Delay(50).ConfigureAwait(false);
            if (Sees(member.Address))
                return member;
            FailedJoins++;
            Console.Error.WriteLine($"  ! member {member.Address} did not join the cluster within 20 s (attempt {attempt}; log {member.LogPath}); starting another");
            await member.DisposeAsync().ConfigureAwait(false);
            if (attempt >= attempts)
                throw new TimeoutException($"No member joined the cluster of seed {Address} in {attempts} attempts.");
        }
    }

    /// <summary>Member processes that stopped by themselves and were started again (see <see cref="SuperviseUntilJoinedAsync"/>).</summary>
    public int SelfExits { get; private set; }

    /// <summary>
    /// Waits until the cluster holds exactly <paramref name="members"/> and <paramref name="others"/>, restarting every member
    /// process that exits by itself meanwhile: the harness is the members' supervisor, as Kubernetes is in production. A
    /// member stops itself when its join went wrong (<c>JoinPhaseBlockGuard</c> in EDRS.Hosting) and a fresh start joins
    /// cleanly; a member the harness killed is not in <paramref name="members"/> any more.
    /// </summary>
    public async Task SuperviseUntilJoinedAsync(FaultsRun run, IList<MemberProcess> members, string connectionString,
        IReadOnlyCollection<string> others, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            for (var i = 0; i < members.Count; i++)
            {
                if (!members[i].HasExited)
                    continue;
                SelfExits++;
                Console.WriteLine($"  ! member {members[i].Address} stopped by itself; restarting it (log {members[i].LogPath})");
                await members[i].DisposeAsync().ConfigureAwait(false);
                members[i] = await StartMemberAsync(run, $"member{i}", connectionString).ConfigureAwait(false);
            }
            string[] expected = [.. members.Select(m => m.Address), .. others];
            if (HasExactly(expected))
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(
                    $"The cluster did not reach members [{string.Join(", ", expected)}] within {timeout.TotalSeconds:0} s " +
                    $"(it has [{string.Join(", ", Others())}]).");
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>True when this member sees <paramref name="address"/> in the cluster.</summary>
    public bool Sees(string address) => Cluster.MemberList.GetAllMembers().Any(m => m.Address == address);

    /// <summary>Waits until the cluster, as this member sees it, holds exactly the given members besides itself.</summary>
    public async Task WaitForMembersAsync(IReadOnlyCollection<string> addresses, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!HasExactly(addresses))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(
                    $"The cluster did not reach members [{string.Join(", ", addresses)}] within {timeout.TotalSeconds:0} s " +
                    $"(it has [{string.Join(", ", Others())}]).");
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private bool HasExactly(IReadOnlyCollection<string> addresses) => Others().SetEquals(addresses);

    private HashSet<string> Others() => Cluster.MemberList.GetAllMembers().Select(m => m.Address).Where(a => a != Address).ToHashSet();

    public async ValueTask DisposeAsync()
    {
        // A stuck graceful leave must not keep the harness from reporting.
        var stopping = _member.StopAsync();
        await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(15))).ConfigureAwait(false);
    }
}
