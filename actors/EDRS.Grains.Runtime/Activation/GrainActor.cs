using System.Diagnostics;
using EDRS.Grains.Contracts;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;

namespace EDRS.Grains.Runtime;

/// <summary>
/// Hosts one grain activation in a Proto.Actor actor: recovers it before its first call, dispatches
/// each <see cref="GrainRequestMessage"/> to the grain's generated service method by method index,
/// always replies (a grain that throws would never answer, and Proto.Cluster would re-send), and
/// passivates after the idle timeout. The mailbox serializes calls: one command at a time per grain.
/// <para>
/// Server-streaming calls (<see cref="GrainStreamOpen"/>) are accepted at once and their handler runs off the
/// mailbox, sending to the caller's receiver. By default a stream is exclusive: calls that arrive while it runs
/// wait (deferred, in order) until it ends, so a journaled grain keeps one writer. A kind registered with
/// concurrent streams (a stateless model runner) keeps taking calls and streams while streams run. Cancel and
/// caller-death messages are always handled at once.
/// </para>
/// </summary>
internal sealed partial class GrainActor(
    GrainKindRegistration registration,
    IServiceProvider services,
    GrainOptions options,
    TimeProvider time,
    ILogger logger) : IActor
{
    /// <summary>
    /// What a caller learns of a failure nobody anticipated: its exception may quote internals (stream keys, SQL, data),
    /// so it is logged here, under the call's trace, and the caller gets this.
    /// </summary>
    private const string UnexpectedFailure = "The grain failed while handling the call; the failure is logged.";

    private readonly Dictionary<string, GrainStream> _streams = new(StringComparer.Ordinal);
    private readonly Queue<Deferred> _deferred = new();
    private IJournaledGrain? _grain;
    private GrainActivation? _activation;
    private GrainMethodTable? _methods;
    private GrainCallContext? _callContext;
    private string? _tenant;
    private string _memberAddress = "";
    private bool _recovered;
    private string? _exclusiveStream;
    private string? _malformedIdentity;

    public Task ReceiveAsync(IContext context) => context.Message switch
    {
        Started => StartAsync(context),
        GrainRequestMessage or GrainStreamOpen when _malformedIdentity is not null => Refuse(context),
        GrainRequestMessage or GrainStreamOpen when _exclusiveStream is not null => Defer(context),
        GrainRequestMessage request => HandleAsync(context, request, context.Sender, context.Headers),
        GrainStreamOpen open => OpenStreamAsync(context, open, context.Sender, context.Headers),
        GrainStreamCancel cancel => CancelStream(cancel.StreamId),
        Terminated terminated => CallerGone(terminated.Who),
        StreamFinished finished => FinishStreamAsync(context, finished),
        ReceiveTimeout => _streams.Count == 0 ? PassivateAsync(context) : Task.CompletedTask,
        Stopping => StopStreams(),
        Stopped => DisposeGrainAsync(),
        _ => Task.CompletedTask,
    };

    private Task StartAsync(IContext context)
    {
        var identity = context.ClusterIdentity()
            ?? throw new InvalidOperationException("A grain actor must be spawned by the cluster.");
        // Callers format identities through GrainIdentity, so a malformed one is a caller's bug: the activation refuses
        // every call with INVALID_ARGUMENT and stops (see Refuse), rather than run as a grain nobody can address again.
        if (!GrainIdentity.TryParse(registration.Kind, identity.Identity, out var parsed))
        {
            _malformedIdentity = identity.Identity;
            return Task.CompletedTask;
        }
        _activation = new GrainActivation(parsed, time);
        _grain = registration.Create(services, _activation);
        _methods = registration.Bind(_grain);
        _callContext = new GrainCallContext(registration.Contract.Service.FullName, context.Self.ToString());
        // The tenant is the client the call acts for (log field client_id).
        _tenant = _activation.Identity.Tenant;
        _memberAddress = context.System.Address;
        context.SetReceiveTimeout(options.IdleTimeoutOf(registration.Kind));
        return Task.CompletedTask;
    }

    private async Task HandleAsync(IContext context, GrainRequestMessage request, PID? sender, MessageHeader headers)
    {
        var activation = _activation!;
        var started = Stopwatch.GetTimestamp();
        // Both live until the reply is sent, so the journal append and every log line of this call join them.
        using var activity = GrainTracing.StartServerCall(registration.Contract, request.MethodIndex, activation.Identity.ClusterIdentity, _memberAddress, headers);
        using var scope = EdrsLogScope.Begin(logger, _tenant, headers.GetOrDefault(GrainTracing.RequestIdHeader));
        object reply;
        var status = StatusCode.OK;
        string? failure = null;
        Exception? unexpected = null;
        try
        {
            await EnsureRecoveredAsync().ConfigureAwait(false);
            var handler = _methods!.Handler(request.MethodIndex)
                ?? throw new GrainException(StatusCode.Unimplemented,
                    $"{registration.Contract.Service.FullName} has no unary rpc with index {request.MethodIndex}.");
            var response = await handler(request.RequestMessage, _callContext!).ConfigureAwait(false);
            reply = new GrainResponseMessage(response);
        }
        catch (Exception caught) when (GrainException.Of(caught) is { } ex)
        {
            status = ex.Code;
            failure = ex.Message;
            reply = ex.ToFault();
        }
        catch (Exception ex)
        {
            // Unknown failure: memory may disagree with the journal, so this activation ends here.
            LogCallFailed(logger, ex, activation.StreamKey, _methods?.NameOf(request.MethodIndex) ?? "?");
            activation.StopAfterThisCall();
            status = StatusCode.Internal;
            unexpected = ex;
            failure = UnexpectedFailure;
            reply = new GrainFault { Code = (int)StatusCode.Internal, Message = failure };
        }

        Reply(context, sender, reply);
        GrainTracing.Complete(activity, status, failure, serverSide: true, unexpected);
        RecordCall(request.MethodIndex, status, started);
        if (activation.StopRequested && _streams.Count == 0)
            context.Stop(context.Self);
    }

    private async Task OpenStreamAsync(IContext context, GrainStreamOpen open, PID? sender, MessageHeader headers)
    {
        if (_streams.TryGetValue(open.StreamId, out var existing))
        {
            // The cluster re-sent an open we already took (its reply was slow): accept it again, start nothing.
            Reply(context, sender, Accepted(context, existing.Id));
            return;
        }

        GrainStream stream;
        Func<Google.Protobuf.ByteString, IGrainStreamSink, ServerCallContext, Task> handler;
        try
        {
            await EnsureRecoveredAsync().ConfigureAwait(false);
            handler = _methods!.StreamHandler(open.MethodIndex)
                ?? throw new GrainException(StatusCode.Unimplemented,
                    $"{registration.Contract.Service.FullName} has no server-streaming rpc with index {open.MethodIndex}.");
            if (string.IsNullOrEmpty(open.StreamId) || string.IsNullOrEmpty(open.ReplyAddress) || string.IsNullOrEmpty(open.ReplyId))
                throw new GrainException(StatusCode.InvalidArgument, "A stream needs a stream id and a receiver.");
            var deadline = open.DeadlineUnixMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(open.DeadlineUnixMs).UtcDateTime : DateTime.MaxValue;
            stream = new GrainStream(context.System, open.StreamId, PID.FromAddress(open.ReplyAddress, open.ReplyId), deadline);
            if (stream.DeadlinePassed)
            {
                stream.Dispose();
                throw new GrainException(StatusCode.DeadlineExceeded, "The deadline passed before the stream started.");
            }
        }
        catch (Exception caught) when (GrainException.Of(caught) is { } ex)
        {
            Reply(context, sender, ex.ToFault());
            RecordCall(open.MethodIndex, ex.Code, Stopwatch.GetTimestamp());
            if (_activation!.StopRequested && _streams.Count == 0)
                context.Stop(context.Self);
            return;
        }

        _streams.Add(stream.Id, stream);
        context.Watch(stream.Receiver);
        if (!registration.ConcurrentStreams)
            _exclusiveStream = stream.Id;
        Reply(context, sender, Accepted(context, stream.Id));

        var self = context.Self;
        var system = context.System;
        var callContext = new GrainStreamCallContext(registration.Contract.Service.FullName, context.Self.ToString(), stream.Deadline, stream.CancellationToken);
        _ = Task.Run(() => RunStreamAsync(system, self, open, headers, stream, handler, callContext));
    }

    private async Task RunStreamAsync(
        ActorSystem system,
        PID self,
        GrainStreamOpen open,
        MessageHeader headers,
        GrainStream stream,
        Func<Google.Protobuf.ByteString, IGrainStreamSink, ServerCallContext, Task> handler,
        ServerCallContext callContext)
    {
        var activation = _activation!;
        var started = Stopwatch.GetTimestamp();
        using var activity = GrainTracing.StartServerCall(registration.Contract, open.MethodIndex, activation.Identity.ClusterIdentity, _memberAddress, headers);
        using var scope = EdrsLogScope.Begin(logger, _tenant, headers.GetOrDefault(GrainTracing.RequestIdHeader));
        GrainFault? fault = null;
        Exception? unexpected = null;
        try
        {
            await handler(open.Request, stream, callContext).ConfigureAwait(false);
        }
        catch (Exception caught) when (GrainException.Of(caught) is { } ex)
        {
            fault = ex.ToFault();
        }
        catch (Exception ex) when (ex is OperationCanceledException || stream.CancellationToken.IsCancellationRequested)
        {
            fault = stream.DeadlinePassed
                ? new GrainFault { Code = (int)StatusCode.DeadlineExceeded, Message = "The stream's deadline passed." }
                : new GrainFault { Code = (int)StatusCode.Cancelled, Message = "The caller cancelled the stream." };
        }
        catch (Exception ex)
        {
            LogCallFailed(logger, ex, activation.StreamKey, _methods?.NameOf(open.MethodIndex) ?? "?");
            unexpected = ex;
            fault = new GrainFault { Code = (int)StatusCode.Internal, Message = UnexpectedFailure };
        }

        stream.End(fault);
        var status = fault is null ? StatusCode.OK : (StatusCode)fault.Code;
        GrainTracing.Complete(activity, status, fault?.Message, serverSide: true, unexpected);
        RecordCall(open.MethodIndex, status, started);
        system.Root.Send(self, new StreamFinished(stream.Id, unexpected is not null));
    }

    private Task CancelStream(string streamId)
    {
        if (_streams.TryGetValue(streamId, out var stream))
            stream.Cancel();
        return Task.CompletedTask;
    }

    private Task CallerGone(PID receiver)
    {
        foreach (var stream in _streams.Values)
        {
            if (stream.Receiver.Equals(receiver))
                stream.Cancel();
        }
        return Task.CompletedTask;
    }

    private async Task FinishStreamAsync(IContext context, StreamFinished finished)
    {
        var streamId = finished.StreamId;
        if (!_streams.Remove(streamId, out var stream))
            return;
        stream.Dispose();
        if (!_streams.Values.Any(s => s.Receiver.Equals(stream.Receiver)))
            context.Unwatch(stream.Receiver);
        if (finished.Failed)
            _activation!.StopAfterThisCall();
        if (_exclusiveStream == streamId)
            _exclusiveStream = null;

        // Calls that waited for an exclusive stream run now, in arrival order, until one opens another exclusive stream.
        while (_exclusiveStream is null && _deferred.TryDequeue(out var deferred))
        {
            if (deferred.Message is GrainRequestMessage request)
                await HandleAsync(context, request, deferred.Sender, deferred.Headers).ConfigureAwait(false);
            else if (deferred.Message is GrainStreamOpen open)
                await OpenStreamAsync(context, open, deferred.Sender, deferred.Headers).ConfigureAwait(false);
        }
        if (_activation!.StopRequested && _streams.Count == 0)
            context.Stop(context.Self);
    }

    private Task Refuse(IContext context)
    {
        Reply(context, context.Sender, GrainException.Invalid("identity",
            $"'{_malformedIdentity}' is not a {registration.Kind} identity: {{tenant}}/{{key}}, each {GrainIds.EntityIdRule}").ToFault());
        context.Stop(context.Self);
        return Task.CompletedTask;
    }

    private Task Defer(IContext context)
    {
        _deferred.Enqueue(new Deferred(context.Message!, context.Sender, context.Headers));
        return Task.CompletedTask;
    }

    private Task StopStreams()
    {
        // The activation is going away (passivation, member shutdown): callers learn it now, not at their deadline.
        foreach (var stream in _streams.Values)
        {
            try
            {
                stream.Cancel();
                stream.End(new GrainFault { Code = (int)StatusCode.Unavailable, Message = "The grain stopped while streaming; retry the call." });
            }
            catch (Exception ex)
            {
                // A failure here would escalate to the actor system while it shuts down; the caller's watch still fires.
                LogStopFailed(logger, ex, _activation?.StreamKey ?? registration.Kind);
            }
        }
        return Task.CompletedTask;
    }

    private async Task DisposeGrainAsync()
    {
        if (_grain is not IAsyncDisposable disposable)
            return;
        try
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogStopFailed(logger, ex, _activation?.StreamKey ?? registration.Kind);
        }
    }

    private async Task EnsureRecoveredAsync()
    {
        if (_recovered)
            return;
        await RecoverAsync().ConfigureAwait(false);
        _recovered = true;
    }

    private async Task RecoverAsync()
    {
        try
        {
            // Not the call's deadline: a recovery that outlasts the call goes on, so the caller's retry finds the grain ready.
            using var timeout = new CancellationTokenSource(options.RecoveryBudget);
            var started = Stopwatch.GetTimestamp();
            await _grain!.RecoverAsync(timeout.Token).ConfigureAwait(false);
            GrainMetrics.Activations.Add(1, new KeyValuePair<string, object?>("kind", registration.Kind));
            LogRecovered(logger, _activation!.StreamKey, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (GrainException.Of(ex) is null)
        {
            _activation!.StopAfterThisCall();
            LogRecoveryFailed(logger, ex, _activation.StreamKey);
            throw new GrainException(StatusCode.Unavailable, "The grain could not be recovered from the journal; retry later.");
        }
    }

    private static GrainStreamAccepted Accepted(IContext context, string streamId) =>
        new() { StreamId = streamId, GrainAddress = context.Self.Address, GrainId = context.Self.Id };

    private static void Reply(IContext context, PID? sender, object reply)
    {
        if (sender is not null)
            context.Send(sender, reply);
    }

    private void RecordCall(int methodIndex, StatusCode status, long started) =>
        GrainMetrics.CallDuration.Record(
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            new KeyValuePair<string, object?>("kind", registration.Kind),
            new KeyValuePair<string, object?>("method", _methods?.NameOf(methodIndex)),
            new KeyValuePair<string, object?>("status", status.ToString()));

    private static Task PassivateAsync(IContext context)
    {
        context.Stop(context.Self);
        return Task.CompletedTask;
    }

    /// <summary>A streaming handler ended (posted by its task to the mailbox); <c>Failed</c>: it threw unexpectedly.</summary>
    private sealed record StreamFinished(string StreamId, bool Failed);

    /// <summary>A call that arrived while an exclusive stream ran, with what is needed to answer it later.</summary>
    private sealed record Deferred(object Message, PID? Sender, MessageHeader Headers);

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain {StreamKey} failed in {Method}; the activation stops")]
    private static partial void LogCallFailed(ILogger logger, Exception exception, string streamKey, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain {StreamKey} failed while stopping")]
    private static partial void LogStopFailed(ILogger logger, Exception exception, string streamKey);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain {StreamKey} recovered from the journal in {ElapsedMs} ms")]
    private static partial void LogRecovered(ILogger logger, string streamKey, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain {StreamKey} could not be recovered")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception, string streamKey);
}
