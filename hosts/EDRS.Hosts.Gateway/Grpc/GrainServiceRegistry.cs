using System.Collections.Frozen;
using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.Auth;
using Google.Protobuf.Reflection;
using Grpc.Core;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>
/// The grain services the gRPC gateway serves. Serving a new grain service is one <c>Serve</c>
/// line: every rpc of it is forwarded by the same generic path.
/// </summary>
public sealed class GrainServiceRegistry
{
    private readonly List<ServedGrainService> _services = [];

    public IReadOnlyList<ServedGrainService> Services => _services;

    /// <summary>Serves every rpc of a grain service.</summary>
    /// <param name="service">The generated <c>XxxGrain.Descriptor</c>; a grain contract (it names its kind).</param>
    /// <param name="bindService">The generated <c>XxxGrain.BindService(ServiceBinderBase, XxxGrainBase)</c>.</param>
    /// <param name="keyField">The request field holding the grain key (proto name); every rpc's request must have it.</param>
    /// <param name="adminRpcs">Rpcs that need the <c>admin</c> role; the others need <c>user</c> (or <c>admin</c>).</param>
    public GrainServiceRegistry Serve<TServiceBase>(
        ServiceDescriptor service, Action<ServiceBinderBase, TServiceBase> bindService, string keyField, params string[] adminRpcs)
        where TServiceBase : class =>
        Add(service, bindService, m => (KeyField(m, keyField), null), [], adminRpcs);

    /// <summary>
    /// Serves the rpcs of a grain service except <paramref name="internalRpcs"/>, which only grains call (a reminder's
    /// wake-up, a callback between grains): clients never reach them through the gateway.
    /// </summary>
    public GrainServiceRegistry Serve<TServiceBase>(
        ServiceDescriptor service, Action<ServiceBinderBase, TServiceBase> bindService, string keyField, IReadOnlyCollection<string> internalRpcs, params string[] adminRpcs)
        where TServiceBase : class =>
        Add(service, bindService, m => (KeyField(m, keyField), null), internalRpcs, adminRpcs);

    /// <summary>
    /// Serves a grain service whose grain is one per tenant (identity <c>{tenant}/{key}</c> with a fixed
    /// <paramref name="key"/>, e.g. the tenant's tool registry): the tenant is the token's, the request names no grain.
    /// </summary>
    public GrainServiceRegistry ServeTenantGrain<TServiceBase>(
        ServiceDescriptor service, Action<ServiceBinderBase, TServiceBase> bindService, string key, IReadOnlyCollection<string> internalRpcs, params string[] adminRpcs)
        where TServiceBase : class =>
        Add(service, bindService, _ => (null, key), internalRpcs, adminRpcs);

    private GrainServiceRegistry Add<TServiceBase>(
        ServiceDescriptor service,
        Action<ServiceBinderBase, TServiceBase> bindService,
        Func<MethodDescriptor, (FieldDescriptor? Field, string? Key)> keyOf,
        IReadOnlyCollection<string> internalRpcs,
        string[] adminRpcs)
        where TServiceBase : class
    {
        _ = GrainContract.Of(service); // throws now, at start-up, if the service is not a grain contract
        if (_services.Any(s => s.Service.FullName == service.FullName))
            throw new InvalidOperationException($"{service.FullName} is served twice.");
        var unknown = adminRpcs.Concat(internalRpcs).Where(name => service.FindMethodByName(name) is null).ToArray();
        if (unknown.Length > 0)
            throw new InvalidOperationException($"{service.FullName} has no rpc named {string.Join(", ", unknown)}.");

        var rpcs = service.Methods.Where(m => !internalRpcs.Contains(m.Name)).ToFrozenDictionary(
            m => m.Name,
            m =>
            {
                var (field, key) = keyOf(m);
                return new GrainRpc(m, field, key, adminRpcs.Contains(m.Name) ? GatewayPolicies.Admin : GatewayPolicies.User);
            },
            StringComparer.Ordinal);
        // The generated binding skips a null implementation's handlers but still reports each rpc's Method.
        _services.Add(new ServedGrainService(service, binder => bindService(binder, null!), rpcs));
        return this;
    }

    private static FieldDescriptor KeyField(MethodDescriptor method, string name)
    {
        if (method.IsClientStreaming)
            throw new InvalidOperationException($"{method.FullName} streams from the client: grain calls are unary or server-streaming.");
        var field = method.InputType.FindFieldByName(name);
        return field is { FieldType: FieldType.String, IsRepeated: false }
            ? field
            : throw new InvalidOperationException($"{method.FullName}: its request {method.InputType.FullName} has no string field '{name}' to take the grain key from.");
    }
}
