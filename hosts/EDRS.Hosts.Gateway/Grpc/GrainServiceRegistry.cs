using System.Collections.Frozen;
using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.Auth;
using Google.Protobuf.Reflection;
using Grpc.Core;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>
/// The grain services the gRPC gateway serves. Serving a new grain service is one <see cref="Serve{TServiceBase}"/>
/// line: every rpc of it is forwarded by the same generic path — except rpcs marked <c>(edrs.internal)</c>, which only
/// grains call: they are not served at all (UNIMPLEMENTED) and reflection does not describe them.
/// </summary>
public sealed class GrainServiceRegistry
{
    private readonly List<ServedGrainService> _services = [];

    public IReadOnlyList<ServedGrainService> Services => _services;

    /// <summary>Serves every rpc of a grain service that is not <c>(edrs.internal)</c>.</summary>
    /// <param name="service">The generated <c>XxxGrain.Descriptor</c>; a grain contract (it names its kind).</param>
    /// <param name="bindService">The generated <c>XxxGrain.BindService(ServiceBinderBase, XxxGrainBase)</c>.</param>
    /// <param name="keyField">The request field holding the grain key (proto name); every served rpc's request must have it.</param>
    /// <param name="adminRpcs">Rpcs that need the <c>admin</c> role; the others need <c>user</c> (or <c>admin</c>).</param>
    public GrainServiceRegistry Serve<TServiceBase>(
        ServiceDescriptor service, Action<ServiceBinderBase, TServiceBase> bindService, string keyField, params string[] adminRpcs)
        where TServiceBase : class =>
        Add(service, bindService, m => (KeyField(m, keyField), null), adminRpcs);

    /// <summary>
    /// Serves a grain service whose grain is one per tenant (identity <c>{tenant}/{key}</c> with a fixed
    /// <paramref name="key"/>, e.g. the tenant's tool registry): the tenant is the token's, the request names no grain.
    /// Its <c>(edrs.internal)</c> rpcs are not served either.
    /// </summary>
    public GrainServiceRegistry ServeTenantGrain<TServiceBase>(
        ServiceDescriptor service, Action<ServiceBinderBase, TServiceBase> bindService, string key, params string[] adminRpcs)
        where TServiceBase : class =>
        Add(service, bindService, _ => (null, key), adminRpcs);

    private GrainServiceRegistry Add<TServiceBase>(
        ServiceDescriptor service,
        Action<ServiceBinderBase, TServiceBase> bindService,
        Func<MethodDescriptor, (FieldDescriptor? Field, string? Key)> keyOf,
        string[] adminRpcs)
        where TServiceBase : class
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(adminRpcs);
        _ = GrainContract.Of(service); // throws now, at start-up, if the service is not a grain contract
        if (_services.Any(s => s.Service.FullName == service.FullName))
            throw new InvalidOperationException($"{service.FullName} is served twice.");
        var unknown = adminRpcs.Where(name => service.FindMethodByName(name) is not { } m || GrainContract.IsInternal(m)).ToArray();
        if (unknown.Length > 0)
            throw new InvalidOperationException($"{service.FullName} has no served rpc named {string.Join(", ", unknown)}.");

        var rpcs = service.Methods.Where(m => !GrainContract.IsInternal(m)).ToFrozenDictionary(
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

    /// <summary>
    /// Runs <paramref name="handler"/> for an rpc of a served service instead of the plain grain call: for an rpc whose REST
    /// twin has effects beyond its grain, so both edges run the same code.
    /// </summary>
    public GrainServiceRegistry Handle<TRequest, TResponse>(ServiceDescriptor service, string rpcName, Func<GrainRpcCall, TRequest, Task<TResponse>> handler)
        where TRequest : class, Google.Protobuf.IMessage
        where TResponse : class, Google.Protobuf.IMessage
    {
        var served = _services.SingleOrDefault(s => s.Service.FullName == service.FullName)
            ?? throw new InvalidOperationException($"{service.FullName} is not served: Serve it first.");
        if (!served.Rpcs.TryGetValue(rpcName, out var rpc))
            throw new InvalidOperationException($"{service.FullName} serves no rpc named {rpcName}.");
        if (rpc.Method.InputType.ClrType != typeof(TRequest) || rpc.Method.OutputType.ClrType != typeof(TResponse))
            throw new InvalidOperationException($"{rpc.Method.FullName} takes {rpc.Method.InputType.ClrType.Name} and answers {rpc.Method.OutputType.ClrType.Name}.");
        rpc.Handler = async (call, request) => await handler(call, (TRequest)request).ConfigureAwait(false);
        return this;
    }

    /// <summary>True when the gateway serves <paramref name="method"/> (false for internal rpcs and services it does not serve).</summary>
    public bool Serves(MethodDescriptor method) =>
        _services.Any(s => s.Service.FullName == method.Service.FullName && s.Rpcs.ContainsKey(method.Name));

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
