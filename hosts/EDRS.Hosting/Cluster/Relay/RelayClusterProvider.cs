// Written for EDRS: Proto.Cluster 1.8 has no provider for a client fed by the members. Its seed provider has a client mode,
// but that cannot start (its client actor always answers "failed to connect").
using System.Diagnostics;
using EDRS.Grains.Contracts.Cluster;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using ProtoCluster = Proto.Cluster.Cluster;

namespace EDRS.Hosting.Cluster.Relay;

/// <summary>
/// Membership of a process that calls grains but hosts none and needs no Kubernetes API token (the gateway with
/// <c>Cluster__Provider=Relay</c>): it starts as a Proto.Cluster client (in nobody's member list: no gossip, no heartbeat,
/// never blocked) and keeps its member list from a member's own view, asked every <c>Cluster__RelayRefreshInterval</c>
/// over remoting (mutual TLS when it is on). It keeps asking the member that answered last, so its view follows one
/// member's: Proto.Cluster drops a member that leaves a list for good, and mixing the views of several members could drop a
/// member one of them has not seen yet. When that member stops answering it asks the other members it knows, then
/// <c>Cluster__RelayAddress</c> (the members' headless Service). When nobody answers, the last member list stays.
/// </summary>
public sealed partial class RelayClusterProvider(EdrsClusterOptions options, ILogger logger) : IClusterProvider
{
    /// <summary>How long one member has to answer; then the next one is asked.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stop = new();
    private string? _source;
    private string[] _known = [];
    private string _lastProblem = "not asked yet";
    private bool _answering = true;
    private Task? _loop;

    public Task StartMemberAsync(ProtoCluster cluster) =>
        throw new InvalidOperationException("Cluster__Provider=Relay starts a client of the cluster, never a member: a relay process hosts no grains.");

    /// <summary>Gets the first member list (the start fails when no member answers in time), then keeps it up to date.</summary>
    public async Task StartClientAsync(ProtoCluster cluster)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await RefreshAsync(cluster).ConfigureAwait(false))
        {
            var waited = Stopwatch.GetElapsedTime(started);
            if (waited >= options.RelayJoinTimeout)
                throw new InvalidOperationException(
                    $"No cluster member answered at the relay address {options.RelayAddress} within {options.RelayJoinTimeout.TotalSeconds:0} s " +
                    $"(last: {_lastProblem}). Check Cluster__RelayAddress (host:port of the members' remoting port, e.g. their headless Service), " +
                    "that members are running, and, when remoting uses TLS, that this process has the cluster certificate (Cluster__Tls__*). " +
                    "Cluster__RelayJoinTimeout sets how long the start waits.");
            var rest = options.RelayJoinTimeout - waited;
            await Task.Delay(rest < options.RelayRefreshInterval ? rest : options.RelayRefreshInterval).ConfigureAwait(false);
        }
        _loop = Task.Run(() => KeepUpAsync(cluster, _stop.Token));
    }

    public async Task ShutdownAsync(bool graceful)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
            await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task KeepUpAsync(ProtoCluster cluster, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.RelayRefreshInterval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var answered = await RefreshAsync(cluster).ConfigureAwait(false);
            if (answered != _answering)
            {
                if (answered)
                    LogAnsweringAgain(logger, _source ?? "");
                else
                    LogNobodyAnswers(logger, cluster.MemberList.GetAllMembers().Length, _lastProblem);
                _answering = answered;
            }
        }
    }

    /// <summary>Asks the last source, then the other known members, then the relay address, until one answers.</summary>
    private async Task<bool> RefreshAsync(ProtoCluster cluster)
    {
        IEnumerable<string> candidates = _source is null ? [.. _known, options.RelayAddress!] : [_source, .. _known, options.RelayAddress!];
        foreach (var address in candidates.Distinct(StringComparer.Ordinal))
        {
            RelayedTopology topology;
            try
            {
                topology = await cluster.System.Root
                    .RequestAsync<RelayedTopology>(PID.FromAddress(address, TopologyRelayActor.Name), new TopologyRelayRequest(), RequestTimeout)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException or OperationCanceledException)
            {
                _lastProblem = $"{address}: {(e is DeadLetterException ? "unreachable" : "no answer within " + RequestTimeout.TotalSeconds + " s")}";
                continue;
            }
            var members = topology.Members.Select(ToMember).ToArray();
            if (members.FirstOrDefault(m => m.Id == topology.AnsweredBy) is not { } source)
            {
                _lastProblem = $"{address}: answered without itself among the members";
                continue;
            }
            var known = members.Select(m => m.Address).Order(StringComparer.Ordinal).ToArray();
            if (!known.SequenceEqual(_known))
                LogTopology(logger, source.Address, members.Length, string.Join(", ", members.Select(m => $"{m.Id}@{m.Address}")));
            cluster.MemberList.UpdateClusterTopology(members);
            (_source, _known) = (source.Address, known);
            return true;
        }
        return false;
    }

    private static Member ToMember(RelayedMember relayed)
    {
        var member = new Member { Id = relayed.Id, Host = relayed.Host, Port = relayed.Port };
        member.Kinds.AddRange(relayed.Kinds);
        return member;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster topology from member at {Source}: {Count} members ({Members})")]
    private static partial void LogTopology(ILogger logger, string source, int count, string members);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No cluster member answers the topology relay ({Problem}); keeping the last known {Count} members and asking again")]
    private static partial void LogNobodyAnswers(ILogger logger, int count, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "The member at {Source} answers the topology relay again")]
    private static partial void LogAnsweringAgain(ILogger logger, string source);
}
