using System.Collections.Concurrent;
using System.Collections.Frozen;
using EDRS.Grains.Contracts;
using Google.Protobuf.Reflection;

namespace EDRS.Grains.Runtime;

/// <summary>
/// What the runtime reads from a grain service's descriptor: its cluster kind (the
/// <c>(edrs.grain_kind)</c> option) and each rpc's method index (its position in the service).
/// </summary>
public sealed class GrainContract
{
    private static readonly ConcurrentDictionary<ServiceDescriptor, GrainContract> Cache = new();

    private readonly FrozenDictionary<string, int> _methodIndexes;
    private readonly string[] _methodNames;
    private readonly string[] _spanNames;

    private GrainContract(ServiceDescriptor service)
    {
        Service = service;
        var kind = service.GetOptions()?.GetExtension(GrainOptionsExtensions.GrainKind);
        if (string.IsNullOrEmpty(kind))
            throw new InvalidOperationException($"Service {service.FullName} has no (edrs.grain_kind) option: it is not a grain contract.");
        Kind = kind;
        _methodIndexes = service.Methods.ToFrozenDictionary(m => m.Name, m => m.Index, StringComparer.Ordinal);
        _methodNames = [.. service.Methods.Select(m => m.Name)];
        // Built once: span names are `{kind}.{method}` (e.g. persona.RememberFact) on every traced call.
        _spanNames = [.. service.Methods.Select(m => $"{kind}.{m.Name}")];
    }

    public ServiceDescriptor Service { get; }

    /// <summary>The cluster kind that hosts this service's grains, e.g. <c>persona</c>.</summary>
    public string Kind { get; }

    public static GrainContract Of(ServiceDescriptor service) => Cache.GetOrAdd(service, static s => new GrainContract(s));

    /// <summary>True for an rpc marked <c>(edrs.internal)</c>: only grains call it, and the gateway never serves it.</summary>
    public static bool IsInternal(MethodDescriptor method) => method.GetOptions()?.GetExtension(GrainOptionsExtensions.Internal) == true;

    /// <summary>The wire index of the rpc named <paramref name="methodName"/>.</summary>
    public int MethodIndex(string methodName) =>
        _methodIndexes.TryGetValue(methodName, out var index)
            ? index
            : throw new InvalidOperationException($"Service {Service.FullName} has no rpc named {methodName}.");

    /// <summary>The short name of the rpc at <paramref name="methodIndex"/> (e.g. <c>RememberFact</c>), or <c>#n</c> if there is none.</summary>
    public string MethodName(int methodIndex) =>
        (uint)methodIndex < (uint)_methodNames.Length ? _methodNames[methodIndex] : $"#{methodIndex}";

    /// <summary>The trace span name of the rpc at <paramref name="methodIndex"/>: <c>{kind}.{method}</c>.</summary>
    public string SpanName(int methodIndex) =>
        (uint)methodIndex < (uint)_spanNames.Length ? _spanNames[methodIndex] : $"{Kind}.#{methodIndex}";
}
