using EDRS.Testing.Cluster;
using Grpc.Core;

namespace EDRS.Grains.Runtime.Tests.Streams;

/// <summary>
/// The server-streaming runtime with test grains: by default a stream holds its grain (calls that arrive meanwhile wait
/// until it ends, so a journaled grain keeps one writer); a kind registered with concurrent streams keeps serving.
/// </summary>
public sealed class StreamConcurrencyTests
{
    [Fact]
    public async Task A_unary_call_to_a_grain_that_is_streaming_waits_until_the_stream_ends_by_default()
    {
        await using var member = await StartWithAsync(ExclusiveProbeGrain.Registration);
        var probe = new ExclusiveProbe.ExclusiveProbeClient(member.Grains.Invoker(ExclusiveProbe.Descriptor, "tests", "one"));
        using var stream = probe.Stream(new ProbeStreamRequest { Items = 5, DelayMs = 50 }, deadline: Deadline());
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));

        var log = await probe.TouchAsync(new ProbeTouch(), deadline: Deadline());

        Assert.Equal(["start", "end", "touch"], log.Entries);
        var items = 1;
        while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            items++;
        Assert.Equal(5, items);
        Assert.Equal(StatusCode.OK, stream.GetStatus().StatusCode);
    }

    [Fact]
    public async Task A_kind_with_concurrent_streams_serves_calls_while_a_stream_is_open()
    {
        await using var member = await StartWithAsync(ConcurrentProbeGrain.Registration);
        var probe = new ConcurrentProbe.ConcurrentProbeClient(member.Grains.Invoker(ConcurrentProbe.Descriptor, "tests", "one"));
        var deadline = Deadline();
        using var stream = probe.Stream(new ProbeStreamRequest { Items = 3, DelayMs = 1, WaitForTouch = true }, deadline: deadline);
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
        // The call's deadline is the handler's ServerCallContext.Deadline (to the millisecond it travelled in).
        Assert.Equal(new DateTimeOffset(deadline).ToUnixTimeMilliseconds(), stream.ResponseStream.Current.DeadlineUnixMs);

        // The stream waits for this call: with exclusive streams it would never come.
        var log = await probe.TouchAsync(new ProbeTouch(), deadline: Deadline());

        Assert.Equal(["start", "touch"], log.Entries);
        var items = 1;
        while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            items++;
        Assert.Equal(3, items);
    }

    [Fact]
    public async Task Cancelling_the_caller_fires_the_handlers_cancellation_token()
    {
        await using var member = await StartWithAsync(ExclusiveProbeGrain.Registration);
        var probe = new ExclusiveProbe.ExclusiveProbeClient(member.Grains.Invoker(ExclusiveProbe.Descriptor, "tests", "cancel"));
        using var cancel = new CancellationTokenSource();
        // The handler waits for a Touch that (exclusive) cannot run before the stream ends: only cancellation ends it.
        using var stream = probe.Stream(new ProbeStreamRequest { Items = 2, DelayMs = 1, WaitForTouch = true }, deadline: Deadline(120), cancellationToken: cancel.Token);
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));

        await cancel.CancelAsync();
        Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(CancellationToken.None))).StatusCode);

        // The grain is free again (its handler ended on the token): the deferred call now runs, after "start" only.
        var log = await probe.TouchAsync(new ProbeTouch(), deadline: Deadline());
        Assert.Equal(["start", "touch"], log.Entries);
    }

    /// <summary>A single node hosting only <paramref name="probe"/>: no product kinds, no journal.</summary>
    private static Task<TestMember> StartWithAsync(GrainKindRegistration probe) =>
        TestMember.StartAsync(new MemberSpec { Kinds = MemberKinds.None, ExtraKinds = [probe] });

    private static DateTime Deadline(int seconds = 30) => DateTime.UtcNow.AddSeconds(seconds);
}
