using EDRS.Testing;
using Proto.Cluster;

namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>
/// Receives what the pod watcher publishes, in the place where the provider hands it to
/// <c>MemberList.UpdateClusterTopology</c>, and keeps every publication so tests can check both the latest topology
/// and that nothing was published in between.
/// </summary>
public sealed class TopologyRecorder
{
    private readonly Lock _gate = new();
    private readonly List<Member[]> _published = [];

    public void Publish(IReadOnlyCollection<Member> members)
    {
        lock (_gate)
            _published.Add([.. members]);
    }

    public IReadOnlyList<Member[]> Published
    {
        get
        {
            lock (_gate)
                return [.. _published];
        }
    }

    public Member[]? Latest
    {
        get
        {
            lock (_gate)
                return _published.Count == 0 ? null : _published[^1];
        }
    }

    /// <summary>The latest member ids, sorted; empty before the first publication.</summary>
    public string[] LatestIds => Latest?.Select(m => m.Id).Order(StringComparer.Ordinal).ToArray() ?? [];

    public async Task<Member[]> WaitForIdsAsync(string because, TimeSpan timeout, params string[] ids)
    {
        var expected = ids.Order(StringComparer.Ordinal).ToArray();
        try
        {
            await Eventually.TrueAsync(() => LatestIds.SequenceEqual(expected), $"{because}: members [{string.Join(", ", expected)}]", timeout);
        }
        catch (TimeoutException late)
        {
            throw new TimeoutException($"{late.Message} Latest: [{string.Join(", ", LatestIds)}]", late);
        }

        return Latest!;
    }
}
