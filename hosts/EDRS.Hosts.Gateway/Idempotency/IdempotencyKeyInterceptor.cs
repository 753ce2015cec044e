using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace EDRS.Hosts.Gateway.Idempotency;

/// <summary>
/// Claims the call's Idempotency-Key before the grain command that carries it is sent (unary and server-streaming grain
/// calls alike); calls that do not carry it pass through.
/// </summary>
/// <param name="claim">The call's key.</param>
/// <param name="grainKey">The grain the invoker addresses.</param>
/// <param name="keyField">The request field that repeats the grain key (<c>persona_id</c>), left out of the fingerprint.</param>
internal sealed class IdempotencyKeyInterceptor(IdempotencyKeyClaim claim, string grainKey, string? keyField) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is not IMessage message || !claim.Carries(message))
            return continuation(request, context);
        var response = claim.RunAsync(context.Method.FullName, grainKey, message, keyField, async () =>
        {
            using var call = continuation(request, context);
            return await call.ResponseAsync.ConfigureAwait(false);
        }, context.Options.CancellationToken);
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is not IMessage message || !claim.Carries(message))
            return continuation(request, context);
        var reader = new ClaimFirstReader<TResponse>(claim, context.Method.FullName, grainKey, message, keyField, () => continuation(request, context),
            context.Options.CancellationToken);
        return new AsyncServerStreamingCall<TResponse>(reader, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], reader.Dispose);
    }

    /// <summary>A server stream that claims the key, then starts the call, on its first read.</summary>
    private sealed class ClaimFirstReader<T>(
        IdempotencyKeyClaim claim, string operation, string grainKey, IMessage request, string? keyField,
        Func<AsyncServerStreamingCall<T>> start, CancellationToken callCancellation) : IAsyncStreamReader<T>
    {
        private AsyncServerStreamingCall<T>? _call;

        public T Current => (_call ?? throw new InvalidOperationException("MoveNext has not been called.")).ResponseStream.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (_call is not null)
                return await _call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false);
            // The first read is where the grain refuses a command it will not run: release the key there too.
            return await claim.RunAsync(operation, grainKey, request, keyField, async () =>
            {
                _call = start();
                return await _call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false);
            }, callCancellation).ConfigureAwait(false);
        }

        public void Dispose() => _call?.Dispose();
    }
}
