using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EDRS.Vectors.InMember;

/// <summary>
/// One USearch HNSW graph (cosine, float32) behind a safe managed surface. (Vectors arrive at unit length, so the
/// inner-product metric would give the same distances; measured, it is no faster, so the graph says what it means.) Keys are the index's slot numbers.
/// Not synchronised: <see cref="InMemberVectorIndex{TRecord}"/> serialises writes and bounds concurrent searches to
/// the search contexts this graph reserves (USearch fails, rather than waits, when a search finds no free context).
/// </summary>
internal sealed unsafe class UsearchGraph : IDisposable
{
    private readonly UsearchHandle handle = new();
    private readonly HnswOptions options;
    private int expansionSearch;

    private UsearchGraph(int dimensions, HnswOptions options)
    {
        this.options = options;
        expansionSearch = options.ExpansionSearch;
        Dimensions = dimensions;
        var init = new UsearchNative.InitOptions
        {
            MetricKind = UsearchNative.MetricCosine,
            Quantization = UsearchNative.ScalarFloat32,
            Dimensions = (nuint)dimensions,
            Connectivity = (nuint)options.Connectivity,
            ExpansionAdd = (nuint)options.ExpansionAdd,
            ExpansionSearch = (nuint)options.ExpansionSearch,
        };
        var index = UsearchNative.Init(&init, out var error);
        if (index == nint.Zero || error != nint.Zero)
        {
            if (index != nint.Zero)
                UsearchNative.Free(index, out _);
            Throw("init", error == nint.Zero ? "no index returned" : null, error);
        }
        handle.Adopt(index);
        ApplyRuntimeSettings();
    }

    public int Dimensions { get; }

    /// <summary>ef of searches (no search may run while it changes).</summary>
    public int ExpansionSearch
    {
        get => expansionSearch;
        set
        {
            expansionSearch = value;
            UsearchNative.ChangeExpansionSearch(handle, (nuint)value, out var error);
            Check("set ef", error);
        }
    }

    /// <summary>A new empty graph.</summary>
    public static UsearchGraph Create(int dimensions, HnswOptions options) => new(dimensions, options);

    /// <summary>A graph loaded (copied) from bytes made by <see cref="SaveTo"/>; ef and thread contexts re-applied.</summary>
    public static UsearchGraph Load(ReadOnlySpan<byte> saved, int dimensions, HnswOptions options)
    {
        var graph = new UsearchGraph(dimensions, options);
        try
        {
            fixed (byte* bytes = saved)
            {
                UsearchNative.LoadBuffer(graph.handle, bytes, (nuint)saved.Length, out var error);
                Check("load", error);
            }
            var loadedDimensions = (int)UsearchNative.Dimensions(graph.handle, out var dimensionsError);
            Check("dimensions", dimensionsError);
            if (loadedDimensions != dimensions)
                throw new InvalidDataException($"The saved HNSW graph has {loadedDimensions} dimensions; the index expects {dimensions}.");
            // USearch does not save ef with the graph, and a load keeps the contexts of the graph it replaced: set both again.
            graph.ApplyRuntimeSettings();
            return graph;
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    public long Count => (long)Call(static (h, e) => UsearchNative.Size(h, out e[0]), "size");

    public long Capacity => (long)Call(static (h, e) => UsearchNative.Capacity(h, out e[0]), "capacity");

    /// <summary>Native memory the graph holds (vectors, links, contexts), as USearch counts it.</summary>
    public long MemoryBytes => (long)Call(static (h, e) => UsearchNative.MemoryUsage(h, out e[0]), "memory usage");

    public string Acceleration
    {
        get
        {
            var text = UsearchNative.HardwareAcceleration(handle, out var error);
            Check("hardware acceleration", error);
            return Marshal.PtrToStringUTF8(text) ?? "serial";
        }
    }

    /// <summary>Makes room for <paramref name="records"/> records, growing geometrically (no search may run meanwhile).</summary>
    public void EnsureCapacity(long records)
    {
        var capacity = Capacity;
        if (records <= capacity)
            return;
        var target = Math.Max(records, Math.Max(capacity * 2, 1_024));
        UsearchNative.Reserve(handle, (nuint)target, out var error);
        Check("reserve", error);
        // Reserving resets the per-thread contexts to the core count; restore the configured ones.
        ApplyRuntimeSettings();
    }

    /// <summary>Adds one vector under <paramref name="key"/> (capacity must have been reserved).</summary>
    public void Add(ulong key, ReadOnlySpan<float> vector)
    {
        fixed (float* v = vector)
        {
            UsearchNative.Add(handle, key, v, UsearchNative.ScalarFloat32, out var error);
            Check("add", error);
        }
    }

    public bool Remove(ulong key)
    {
        var removed = UsearchNative.Remove(handle, key, out var error);
        Check("remove", error);
        return removed > 0;
    }

    /// <summary>Copies the stored vector of <paramref name="key"/> into <paramref name="vector"/>.</summary>
    public bool TryGet(ulong key, Span<float> vector)
    {
        fixed (float* v = vector)
        {
            var found = UsearchNative.Get(handle, key, 1, v, UsearchNative.ScalarFloat32, out var error);
            Check("get", error);
            return found > 0;
        }
    }

    /// <summary>The approximate nearest <paramref name="keys"/>.Length keys; returns how many were found.</summary>
    public int Search(ReadOnlySpan<float> query, Span<ulong> keys, Span<float> distances)
    {
        fixed (float* q = query)
        fixed (ulong* k = keys)
        fixed (float* d = distances)
        {
            var found = UsearchNative.Search(handle, q, UsearchNative.ScalarFloat32, (nuint)keys.Length, k, d, out var error);
            Check("search", error);
            return (int)found;
        }
    }

    /// <summary>
    /// As <see cref="Search"/>, keeping only keys <paramref name="accept"/> admits; USearch walks through rejected nodes
    /// and calls back for each candidate, so the graph stays connected under the filter.
    /// </summary>
    public int FilteredSearch(ReadOnlySpan<float> query, Func<ulong, bool> accept, Span<ulong> keys, Span<float> distances)
    {
        var state = new FilterCallbackState(accept);
        var stateHandle = GCHandle.Alloc(state);
        try
        {
            fixed (float* q = query)
            fixed (ulong* k = keys)
            fixed (float* d = distances)
            {
                var found = UsearchNative.FilteredSearch(handle, q, UsearchNative.ScalarFloat32, (nuint)keys.Length,
                    &Accept, (void*)GCHandle.ToIntPtr(stateHandle), k, d, out var error);
                if (state.Failure is { } failure)
                    throw new InvalidOperationException("The search filter threw while USearch walked the graph.", failure);
                Check("filtered search", error);
                return (int)found;
            }
        }
        finally
        {
            stateHandle.Free();
        }
    }

    public long SerializedLength => (long)Call(static (h, e) => UsearchNative.SerializedLength(h, out e[0]), "serialized length");

    /// <summary>Writes the graph (vectors and links) into <paramref name="target"/>, which must be <see cref="SerializedLength"/> long.</summary>
    public void SaveTo(Span<byte> target)
    {
        fixed (byte* bytes = target)
        {
            UsearchNative.SaveBuffer(handle, bytes, (nuint)target.Length, out var error);
            Check("save", error);
        }
    }

    public void Dispose() => handle.Dispose();

    private void ApplyRuntimeSettings()
    {
        UsearchNative.ChangeExpansionSearch(handle, (nuint)expansionSearch, out var error);
        Check("set ef", error);
        UsearchNative.ChangeExpansionAdd(handle, (nuint)options.ExpansionAdd, out error);
        Check("set efConstruction", error);
        UsearchNative.ChangeThreadsSearch(handle, (nuint)options.SearchThreads, out error);
        Check("set search threads", error);
        UsearchNative.ChangeThreadsAdd(handle, (nuint)options.AddThreads, out error);
        Check("set add threads", error);
    }

    private nuint Call(Func<UsearchHandle, nint[], nuint> call, string operation)
    {
        var error = new nint[1];
        var result = call(handle, error);
        Check(operation, error[0]);
        return result;
    }

    private static void Check(string operation, nint error)
    {
        if (error != nint.Zero)
            Throw(operation, null, error);
    }

    private static void Throw(string operation, string? message, nint error) =>
        throw new InvalidOperationException($"USearch {operation} failed: {message ?? Marshal.PtrToStringUTF8(error)}");

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Accept(ulong key, void* state)
    {
        var callback = (FilterCallbackState)GCHandle.FromIntPtr((nint)state).Target!;
        if (callback.Failure is not null)
            return 0;
        try
        {
            return callback.Accept(key) ? 1 : 0;
        }
        catch (Exception e)
        {
            // An exception must not unwind into native code: remember it, reject the rest, rethrow after the search.
            callback.Failure = e;
            return 0;
        }
    }

    private sealed class FilterCallbackState(Func<ulong, bool> accept)
    {
        public Func<ulong, bool> Accept { get; } = accept;

        public Exception? Failure { get; set; }
    }
}
