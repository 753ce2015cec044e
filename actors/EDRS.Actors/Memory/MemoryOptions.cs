namespace EDRS.Actors.Memory;

/// <summary>How personas keep long-term memories (section <c>Memory</c>; environment variables <c>Memory__...</c>).</summary>
public sealed class MemoryOptions
{
    public const string Section = "Memory";

    /// <summary>
    /// How long episodes (memories from sessions and events) are kept, from when they occurred, measured on the member's
    /// clock; <c>00:00:00</c> keeps them forever. Told memories and facts never expire. Default 90 days.
    /// </summary>
    public TimeSpan EpisodeRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Episodes at least this important (1..10) are kept whatever their age. Default 8.</summary>
    public int KeepImportanceFrom { get; set; } = 8;

    /// <summary>
    /// Who decides whether a new memory updates one already held: <c>Rules</c> (default; deterministic, see
    /// <c>Supersession/SupersessionRules</c>) or <c>Model</c> (the configured chat model judges, with JSON-constrained output;
    /// the rules decide whenever no model is configured or its answer is unusable). A model call per memory that has a
    /// likely predecessor costs a generation; choose it where a capable model serves.
    /// </summary>
    public MemoryUpdateJudge UpdateJudge { get; set; } = MemoryUpdateJudge.Rules;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (EpisodeRetention < TimeSpan.Zero || EpisodeRetention > TimeSpan.FromDays(36_500))
            problems.Add($"Memory:EpisodeRetention must be 00:00:00 (keep forever) up to 36500 days (was {EpisodeRetention}): set Memory__EpisodeRetention (e.g. 90.00:00:00).");
        if (KeepImportanceFrom is < 1 or > 11)
            problems.Add($"Memory:KeepImportanceFrom must be 1..11 (11: importance keeps nothing) (was {KeepImportanceFrom}): set Memory__KeepImportanceFrom.");
        if (!Enum.IsDefined(UpdateJudge))
            problems.Add($"Memory:UpdateJudge must be Rules or Model (was {UpdateJudge}): set Memory__UpdateJudge.");
        return problems;
    }
}
