using System.Collections.Frozen;
using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>The request message type of every rpc the gateway serves, by the request path gRPC uses (<c>/{service}/{method}</c>).</summary>
public sealed class GrpcRequestTypes(IEnumerable<ServiceDescriptor> services)
{
    private readonly FrozenDictionary<string, MessageDescriptor> _inputs = services
        .SelectMany(s => s.Methods)
        .ToFrozenDictionary(m => $"/{m.Service.FullName}/{m.Name}", m => m.InputType, StringComparer.Ordinal);

    /// <summary>The request type of the rpc at <paramref name="path"/>; null for a path no served rpc has.</summary>
    public MessageDescriptor? InputOf(PathString path) => path.Value is { } value && _inputs.TryGetValue(value, out var type) ? type : null;
}
