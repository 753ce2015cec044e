using Google.Protobuf;
using Grpc.Core;

namespace EDRS.Grains.Runtime;

/// <summary>
/// The unary and server-streaming handlers of one grain instance, by method index, collected by running the
/// generated <c>BindService(binder, impl)</c> against this binder.
/// </summary>
internal sealed class GrainMethodTable : ServiceBinderBase
{
    private readonly GrainContract _contract;
    private readonly Func<IMessage?, ServerCallContext, Task<IMessage>>?[] _handlers;
    private readonly Func<ByteString, IGrainStreamSink, ServerCallContext, Task>?[] _streamHandlers;
    private readonly string[] _names;

    public GrainMethodTable(GrainContract contract)
    {
        _contract = contract;
        _handlers = new Func<IMessage?, ServerCallContext, Task<IMessage>>?[contract.Service.Methods.Count];
        _streamHandlers = new Func<ByteString, IGrainStreamSink, ServerCallContext, Task>?[_handlers.Length];
        _names = new string[_handlers.Length];
    }

    /// <summary>The server-streaming handler at <paramref name="methodIndex"/>: request bytes in, response messages to the sink.</summary>
    public Func<ByteString, IGrainStreamSink, ServerCallContext, Task>? StreamHandler(int methodIndex) =>
        (uint)methodIndex < (uint)_streamHandlers.Length ? _streamHandlers[methodIndex] : null;

    public Func<IMessage?, ServerCallContext, Task<IMessage>>? Handler(int methodIndex) =>
        (uint)methodIndex < (uint)_handlers.Length ? _handlers[methodIndex] : null;

    public string NameOf(int methodIndex) => (uint)methodIndex < (uint)_names.Length ? _names[methodIndex] : $"#{methodIndex}";

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        if (handler is null)
            return;
        var index = _contract.MethodIndex(method.Name);
        _names[index] = method.FullName;
        _handlers[index] = async (request, context) => request is TRequest typed
            ? (IMessage)await handler(typed, context).ConfigureAwait(false)
            : throw new GrainException(Grpc.Core.StatusCode.InvalidArgument,
                $"{method.FullName} takes a {typeof(TRequest).Name}, not a {request?.GetType().Name ?? "missing message"}.");
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
        if (handler is null)
            return;
        var index = _contract.MethodIndex(method.Name);
        _names[index] = method.FullName;
        _streamHandlers[index] = (request, sink, context) =>
        {
            TRequest typed;
            try
            {
                typed = ProtoParse.From<TRequest>(request);
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new GrainException(Grpc.Core.StatusCode.InvalidArgument, $"{method.FullName}: the request is not a valid {typeof(TRequest).Name}: {ex.Message}");
            }
            return handler(typed, new GrainStreamWriter<TResponse>(sink), context);
        };
    }

    // Client-streaming and duplex rpcs are not part of grain contracts; a contract that declares one leaves it unbound.

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
    {
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
    {
    }
}
