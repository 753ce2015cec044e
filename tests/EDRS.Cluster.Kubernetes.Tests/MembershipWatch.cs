using EDRS.Testing.Cluster;
using Proto.Remote;

namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>
/// Samples what each member sees of the cluster (every 50 ms) for as long as it runs, and keeps every sample that differs
/// from the expected member ids: a membership change that comes and goes between two assertions still shows.
/// </summary>
public sealed class MembershipWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _deviations = [];
    private readonly Task _loop;

    public MembershipWatch(IReadOnlyList<TestMember> members, IReadOnlyCollection<string> expected)
    {
        var ids = expected.Order(StringComparer.Ordinal).ToArray();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                foreach (var member in members)
                {
                    var seen = Ids(member);
                    if (!seen.SequenceEqual(ids))
                    {
                        lock (_deviations)
                            _deviations.Add($"{DateTime.UtcNow:HH:mm:ss.fff} member {member.Cluster.System.Id} saw [{string.Join(", ", seen)}]");
                    }
                }
                await Task.Delay(50);
            }
        });
    }

    /// <summary>The samples that differed from the expected members, oldest first.</summary>
    public IReadOnlyList<string> Deviations
    {
        get
        {
            lock (_deviations)
                return [.. _deviations];
        }
    }

    /// <summary>The member ids <paramref name="member"/> sees, sorted; none once its actor system has shut down.</summary>
    public static string[] Ids(TestMember member) =>
        member.Cluster.System.Shutdown.IsCancellationRequested
            ? []
            : [.. member.Cluster.MemberList.GetAllMembers().Select(m => m.Id).Order(StringComparer.Ordinal)];

    /// <summary>What <paramref name="member"/> sees and has blocked, for a failure message.</summary>
    public static string Describe(TestMember member) =>
        $"sees [{string.Join(", ", Ids(member))}], blocked [{string.Join(", ", member.Cluster.System.Remote().BlockList.BlockedMembers.Order(StringComparer.Ordinal))}]";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
