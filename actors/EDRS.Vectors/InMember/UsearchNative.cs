using System.Runtime.InteropServices;

namespace EDRS.Vectors.InMember;

// Hand-written binding of USearch's C API (c/usearch.h) in the native library the Cloud.Unum.USearch package ships
// (libusearch_c). The package's managed wrapper covers add/search/remove/save-to-file only; the index needs what it
// lacks: reserve (the wrapper grows capacity one add at a time), save/load to memory (snapshots are bytes, not files),
// setting ef after a load (USearch does not save it), sizing the per-thread search contexts, and filtered search.

/// <summary>P/Invoke declarations of the USearch C API functions the in-member index calls.</summary>
internal static unsafe partial class UsearchNative
{
    private const string Library = "libusearch_c";

    /// <summary>usearch_metric_cos_k.</summary>
    public const uint MetricCosine = 1;

    /// <summary>usearch_scalar_f32_k.</summary>
    public const uint ScalarFloat32 = 1;

    /// <summary><c>usearch_init_options_t</c>; <c>multi</c> is a C <c>bool</c> (one byte).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InitOptions
    {
        public uint MetricKind;
        public nint Metric;
        public uint Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        public byte Multi;
    }

    [LibraryImport(Library, EntryPoint = "usearch_init")]
    public static partial nint Init(InitOptions* options, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_free")]
    public static partial void Free(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_serialized_length")]
    public static partial nuint SerializedLength(UsearchHandle index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_save_buffer")]
    public static partial void SaveBuffer(UsearchHandle index, void* buffer, nuint length, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_load_buffer")]
    public static partial void LoadBuffer(UsearchHandle index, void* buffer, nuint length, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_size")]
    public static partial nuint Size(UsearchHandle index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_capacity")]
    public static partial nuint Capacity(UsearchHandle index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_dimensions")]
    public static partial nuint Dimensions(UsearchHandle index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_memory_usage")]
    public static partial nuint MemoryUsage(UsearchHandle index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_reserve")]
    public static partial void Reserve(UsearchHandle index, nuint capacity, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_change_expansion_search")]
    public static partial void ChangeExpansionSearch(UsearchHandle index, nuint expansion, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_change_expansion_add")]
    public static partial void ChangeExpansionAdd(UsearchHandle index, nuint expansion, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_search")]
    public static partial void ChangeThreadsSearch(UsearchHandle index, nuint threads, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_add")]
    public static partial void ChangeThreadsAdd(UsearchHandle index, nuint threads, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_add")]
    public static partial void Add(UsearchHandle index, ulong key, float* vector, uint vectorKind, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_search")]
    public static partial nuint Search(UsearchHandle index, float* query, uint queryKind, nuint count, ulong* keys, float* distances, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_filtered_search")]
    public static partial nuint FilteredSearch(
        UsearchHandle index, float* query, uint queryKind, nuint count,
        delegate* unmanaged[Cdecl]<ulong, void*, int> filter, void* filterState,
        ulong* keys, float* distances, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_get")]
    public static partial nuint Get(UsearchHandle index, ulong key, nuint count, float* vector, uint vectorKind, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_remove")]
    public static partial nuint Remove(UsearchHandle index, ulong key, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_hardware_acceleration")]
    public static partial nint HardwareAcceleration(UsearchHandle index, out nint error);
}
