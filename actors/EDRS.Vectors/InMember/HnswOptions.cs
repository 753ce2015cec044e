namespace EDRS.Vectors.InMember;

/// <summary>
/// HNSW parameters of the in-member index (<c>Vectors:Hnsw</c>). Defaults suit 384-d MiniLM vectors (cosine, float32):
/// recall@10 ≥ 0.98 against exact search up to a million vectors.
/// </summary>
public sealed class HnswOptions
{
    /// <summary>Graph degree M (USearch "connectivity") (env <c>Vectors__Hnsw__Connectivity</c>). Default 16.</summary>
    public int Connectivity { get; set; } = 16;

    /// <summary>efConstruction (USearch "expansion add") (env <c>Vectors__Hnsw__ExpansionAdd</c>). Default 200.</summary>
    public int ExpansionAdd { get; set; } = 200;

    /// <summary>
    /// ef at query time (USearch "expansion search") (env <c>Vectors__Hnsw__ExpansionSearch</c>). Default 100. USearch does
    /// not save it with the graph: it is applied again after every import.
    /// </summary>
    public int ExpansionSearch { get; set; } = 100;

    /// <summary>
    /// Below this many records searches scan exactly instead of walking the graph (env <c>Vectors__Hnsw__ExactSearchBelow</c>).
    /// Default 2,000: an exact scan of 2,000 384-d vectors costs about what a graph search does, and is always exact.
    /// </summary>
    public int ExactSearchBelow { get; set; } = 2_000;

    /// <summary>
    /// A filtered search whose filter is estimated (from a sample) to match fewer records than this scans those records
    /// exactly instead of walking the graph (env <c>Vectors__Hnsw__FilteredExactBelow</c>). Default 5,000.
    /// </summary>
    public int FilteredExactBelow { get; set; } = 5_000;

    /// <summary>
    /// Graph searches that may run at once on one index (env <c>Vectors__Hnsw__SearchThreads</c>). USearch needs one
    /// search context per concurrent search; more callers wait. Default: the number of cores.
    /// </summary>
    public int SearchThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>Threads a bulk upsert adds with (env <c>Vectors__Hnsw__AddThreads</c>). Default: the number of cores.</summary>
    public int AddThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>The problems with these values, each naming its variable under <paramref name="environmentPrefix"/>.</summary>
    public IReadOnlyList<string> Validate(string environmentPrefix = "Vectors__Hnsw__")
    {
        var errors = new List<string>();
        Check(Connectivity, 2, 256, nameof(Connectivity));
        Check(ExpansionAdd, 1, 4_096, nameof(ExpansionAdd));
        Check(ExpansionSearch, 1, 4_096, nameof(ExpansionSearch));
        Check(ExactSearchBelow, 0, 10_000_000, nameof(ExactSearchBelow));
        Check(FilteredExactBelow, 0, 10_000_000, nameof(FilteredExactBelow));
        Check(SearchThreads, 1, 1_024, nameof(SearchThreads));
        Check(AddThreads, 1, 1_024, nameof(AddThreads));
        return errors;

        void Check(int value, int min, int max, string name)
        {
            if (value < min || value > max)
                errors.Add($"{environmentPrefix}{name} must be between {min} and {max} (got {value}).");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, for code that builds indexes without the host.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid HNSW options: " + string.Join(" ", errors));
    }
}
