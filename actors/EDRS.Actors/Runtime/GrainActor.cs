using System.Diagnostics;
using EDRS.Grains.Contracts;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;

namespace EDRS.Actors.Runtime;

/// <summary>
/// Hosts one grain activation in a Proto.Actor actor: recovers it before its first call, dispatches
/// each <see cref="GrainRequestMessage"/> to the grain's generated service method by method index,
/// always replies (a grain that throws would never answer, and Proto.Cluster would re-send), and
/// passivates after the idle timeout. The mailbox serializes calls: one command at a time per grain.
/// </summary>
internal sealed partial class GrainActor(
    GrainKindRegistration registration,
    IServiceProvider services,
    GrainOptions options,
    TimeProvider time,
    ILogger logger) : IActor
{
    private IJournaledGrain? _grain;
    private GrainActivation? _activation;
    private GrainMethodTable? _methods;
    private GrainCallContext? _callContext;
    private string? _tenant;
    private string _memberAddress = "";
    private bool _recovered;

    public Task ReceiveAsync(IContext context) => context.Message switch
    {
        Started => StartAsync(context),
        GrainRequestMessage request => HandleAsync(context, request),
        ReceiveTimeout => PassivateAsync(context),
        _ => Task.CompletedTask,
    };

    private Task StartAsync(IContext context)
    {
        var identity = context.ClusterIdentity()
            ?? throw new InvalidOperationException("A grain actor must be spawned by the cluster.");
        _activation = new GrainActivation(registration.Kind, identity.Identity, time);
        _grain = registration.Create(services, _activation);
        _methods = registration.Bind(_grain);
        _callContext = new GrainCallContext(registration.Contract.Service.FullName, context.Self.ToString());
        // Identities are `{tenant}/{key}`; the tenant is the client the call acts for (log field client_id).
        var slash = identity.Identity.IndexOf('/', StringComparison.Ordinal);
        _tenant = slash > 0 ? identity.Identity[..slash] : null;
        _memberAddress = context.System.Address;
        context.SetReceiveTimeout(options.IdleTimeoutOf(registration.Kind));
        return Task.CompletedTask;
    }

    private async Task HandleAsync(IContext context, GrainRequestMessage request)
    {
        var activation = _activation!;
        var started = Stopwatch.GetTimestamp();
        var headers = context.Headers;
        // Both live until the reply is sent, so the journal append and every log line of this call join them.
        using var activity = GrainTracing.StartServerCall(registration.Contract, request.MethodIndex, activation.Identity, _memberAddress, headers);
        using var scope = EdrsLogScope.Begin(logger, _tenant, headers.GetOrDefault(GrainTracing.RequestIdHeader));
        object reply;
        var status = StatusCode.OK;
        string? failure = null;
        Exception? unexpected = null;
        try
        {
            if (!_recovered)
            {
                await RecoverAsync().ConfigureAwait(false);
                _recovered = true;
            }
            var handler = _methods!.Handler(request.MethodIndex)
                ?? throw new GrainException(StatusCode.Unimplemented,
                    $"{registration.Contract.Service.FullName} has no unary rpc with index {request.MethodIndex}.");
            var response = await handler(request.RequestMessage, _callContext!).ConfigureAwait(false);
            reply = new GrainResponseMessage(response);
        }
        catch (GrainException ex)
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
            failure = $"{activation.StreamKey} failed: {ex.Message}";
            reply = new GrainFault { Code = (int)StatusCode.Internal, Message = failure };
        }

        context.Respond(reply);
        GrainTracing.Complete(activity, status, failure, serverSide: true, unexpected);
        GrainMetrics.CallDuration.Record(
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            new KeyValuePair<string, object?>("kind", registration.Kind),
            new KeyValuePair<string, object?>("method", _methods?.NameOf(request.MethodIndex)),
            new KeyValuePair<string, object?>("status", status.ToString()));
        if (activation.StopRequested)
            context.Stop(context.Self);
    }

    private async Task RecoverAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(options.CallTimeout);
            var started = Stopwatch.GetTimestamp();
            await _grain!.RecoverAsync(timeout.Token).ConfigureAwait(false);
            GrainMetrics.Activations.Add(1, new KeyValuePair<string, object?>("kind", registration.Kind));
            LogRecovered(logger, _activation!.StreamKey, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not GrainException)
        {
            _activation!.StopAfterThisCall();
            LogRecoveryFailed(logger, ex, _activation.StreamKey);
            throw new GrainException(StatusCode.Unavailable, $"{_activation.StreamKey} could not be recovered from the journal: {ex.Message}");
        }
    }

    private static Task PassivateAsync(IContext context)
    {
        context.Stop(context.Self);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain {StreamKey} failed in {Method}; the activation stops")]
    private static partial void LogCallFailed(ILogger logger, Exception exception, string streamKey, string method);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain {StreamKey} recovered from the journal in {ElapsedMs} ms")]
    private static partial void LogRecovered(ILogger logger, string streamKey, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain {StreamKey} could not be recovered")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception, string streamKey);
}
