using Google.Protobuf;
using Grpc.Core;

namespace EDRS.Actors.Runtime;

/// <summary>
/// The unary handlers of one grain instance, by method index, collected by running the generated
/// <c>BindService(binder, impl)</c> against this binder.
/// </summary>
internal sealed class GrainMethodTable : ServiceBinderBase
{
    private readonly GrainContract _contract;
    private readonly Func<IMessage?, ServerCallContext, Task<IMessage>>?[] _handlers;
    private readonly string[] _names;

    public GrainMethodTable(GrainContract contract)
    {
        _contract = contract;
        _handlers = new Func<IMessage?, ServerCallContext, Task<IMessage>>?[contract.Service.Methods.Count];
        _names = new string[_handlers.Length];
    }

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

    // Streaming rpcs are not part of grain contracts; a grain contract that declares one leaves it unbound.
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
    {
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
    {
    }
}
