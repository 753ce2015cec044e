using Google.Protobuf;
using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>
/// One rpc the gateway forwards: where in its request the grain key is, which policy admits callers, and — for an rpc
/// whose REST twin does more than call its grain — the handler that does the same for both edges.
/// </summary>
public sealed class GrainRpc
{
    private readonly FieldDescriptor? _keyField;
    private readonly string? _fixedKey;

    /// <param name="method">The rpc.</param>
    /// <param name="keyField">The request field the grain key is read from; null when every call goes to <paramref name="fixedKey"/>.</param>
    /// <param name="fixedKey">The key of a grain that is one per tenant.</param>
    /// <param name="policy">The authorization policy callers must meet.</param>
    internal GrainRpc(MethodDescriptor method, FieldDescriptor? keyField, string? fixedKey, string policy)
    {
        Method = method;
        _keyField = keyField;
        _fixedKey = fixedKey;
        Policy = policy;
    }

    public MethodDescriptor Method { get; }

    public ServiceDescriptor Service => Method.Service;

    /// <summary>The key field as clients name it (proto name, e.g. <c>persona_id</c>).</summary>
    public string KeyFieldName => _keyField?.Name ?? "(the tenant's grain)";

    /// <summary>The authorization policy of this rpc (<c>user</c> or <c>admin</c>).</summary>
    public string Policy { get; }

    /// <summary>Runs the rpc instead of a plain grain call (side effects its REST twin has); null: the grain call alone.</summary>
    public Func<GrainRpcCall, IMessage, Task<IMessage>>? Handler { get; internal set; }

    /// <summary>The grain key the request names; the tenant is added from the token, never from the request.</summary>
    public string KeyOf(IMessage request) => _fixedKey ?? (string)_keyField!.Accessor.GetValue(request);
}
