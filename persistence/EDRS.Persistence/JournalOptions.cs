namespace EDRS.Persistence;

/// <summary>
/// Settings of the event journal (configuration section <c>Journal</c>; environment variables
/// <c>Journal__ConnectionString</c>, <c>Journal__Writers</c>, ...).
/// </summary>
public sealed class JournalOptions
{
    public const string Section = "Journal";

    /// <summary>Npgsql connection string of the PostgreSQL database that holds the journal. Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Group-commit writers per member; each owns a hash range of streams. Default 2 (two beat four on 2 cores).</summary>
    public int Writers { get; set; } = 2;

    /// <summary>Most appends one writer commits in one statement. Default 256.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// A grain snapshots its state after this many events since its last snapshot. Default 1,000: snapshots were the
    /// largest throughput cost at 100 (benchmarks/README.md, durable-commands and peer), while folding a tail of up to 999
    /// events still re-activates a grain in a few milliseconds (the recovery benchmark measures that worst case).
    /// </summary>
    public int SnapshotEvery { get; set; } = 1_000;

    /// <summary>The most <see cref="SnapshotEvery"/> may be: it bounds the events a recovery folds after the snapshot.</summary>
    public const int MaxSnapshotEvery = 1_000;

    /// <summary>PostgreSQL schema for the journal tables. Default <c>public</c>.</summary>
    public string Schema { get; set; } = "public";

    /// <summary>Apply the schema at start-up (development). Production runs the <c>migrate</c> command instead. Default false.</summary>
    public bool ApplySchemaOnStart { get; set; }

    /// <summary>Returns the problems with these settings, each naming the environment variable to set.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
            problems.Add("Journal:ConnectionString is required: set Journal__ConnectionString to an Npgsql connection string.");
        if (Writers is < 1 or > 16)
            problems.Add($"Journal:Writers must be 1..16 (was {Writers}): set Journal__Writers.");
        if (MaxBatchSize is < 1 or > 4096)
            problems.Add($"Journal:MaxBatchSize must be 1..4096 (was {MaxBatchSize}): set Journal__MaxBatchSize.");
        // At most MaxSnapshotEvery: a grain folds up to that many events after its snapshot when it recovers, and recovery
        // must fit in a call's timeout whatever the events hold.
        if (SnapshotEvery is < 1 or > MaxSnapshotEvery)
            problems.Add($"Journal:SnapshotEvery must be 1..{MaxSnapshotEvery} (was {SnapshotEvery}): set Journal__SnapshotEvery.");
        if (string.IsNullOrWhiteSpace(Schema) || !Schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            problems.Add($"Journal:Schema must be a lowercase identifier (was '{Schema}'): set Journal__Schema.");
        return problems;
    }
}
