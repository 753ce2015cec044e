using EDRS.Actors.Personas;
using EDRS.Actors.Sessions;

namespace EDRS.Actors.Quotas;

/// <summary>
/// What one grain (or one tenant) may hold (section <c>Quotas</c>; environment variables <c>Quotas__...</c>). Past a quota
/// a command is refused with FAILED_PRECONDITION / 409 <c>limit-reached</c> naming it, and removing something makes room.
/// Together they bound every grain's state, so a grain at its limits still recovers within <c>Grains__CallTimeout</c>:
/// <see cref="Validate"/> refuses limits whose worst-case snapshot would exceed <see cref="SnapshotBudget.MaxStateBytes"/>.
/// </summary>
public sealed class QuotaOptions
{
    public const string Section = "Quotas";

    /// <summary>People one persona knows something about. Default 1,000.</summary>
    public int PeoplePerPersona { get; set; } = 1_000;

    /// <summary>Facts one persona holds about one person. Default (and most) 500.</summary>
    public int FactsPerPerson { get; set; } = PersonaLimits.MaxFactsPerPerson;

    /// <summary>Facts one persona holds about all people together. Default 2,000.</summary>
    public int FactsPerPersona { get; set; } = 2_000;

    /// <summary>Open items in one persona's inbox; routing passes a full persona by. Default 1,000.</summary>
    public int OpenWorkPerPersona { get; set; } = 1_000;

    /// <summary>
    /// Events of one tenant waiting in the unassigned queue; a new event no persona can take is then refused. Each router
    /// partition holds its share (this divided by <c>Events__RouterPartitions</c>, rounded up). Default 10,000.
    /// </summary>
    public int UnassignedEventsPerTenant { get; set; } = 10_000;

    /// <summary>Turns of one session; a longer conversation opens a new session (what the persona knows carries over). Default 200.</summary>
    public int TurnsPerSession { get; set; } = 200;

    /// <summary>The unassigned events one router partition may hold when the tenant's are split over <paramref name="partitions"/>.</summary>
    public int UnassignedEventsPerPartition(int partitions) => (UnassignedEventsPerTenant + partitions - 1) / Math.Max(1, partitions);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Range(problems, nameof(PeoplePerPersona), PeoplePerPersona, 1, 100_000);
        Range(problems, nameof(FactsPerPerson), FactsPerPerson, 1, PersonaLimits.MaxFactsPerPerson);
        Range(problems, nameof(FactsPerPersona), FactsPerPersona, 1, 1_000_000);
        Range(problems, nameof(OpenWorkPerPersona), OpenWorkPerPersona, 1, 1_000_000);
        Range(problems, nameof(UnassignedEventsPerTenant), UnassignedEventsPerTenant, 1, 10_000_000);
        Range(problems, nameof(TurnsPerSession), TurnsPerSession, 1, SessionLimits.MaxTurns);
        if (problems.Count > 0)
            return problems;
        Budget(problems, "persona", SnapshotBudget.Persona(this), "Quotas__FactsPerPersona, Quotas__PeoplePerPersona or Quotas__OpenWorkPerPersona");
        Budget(problems, "session", SnapshotBudget.Session(this), "Quotas__TurnsPerSession");
        Budget(problems, "router partition", SnapshotBudget.RouterPartition(this, partitions: 1), "Quotas__UnassignedEventsPerTenant");
        return problems;
    }

    private static void Range(List<string> problems, string name, int value, int min, int max)
    {
        if (value < min || value > max)
            problems.Add($"Quotas:{name} must be {min}..{max} (was {value}): set Quotas__{name}.");
    }

    private static void Budget(List<string> problems, string grain, long worstCase, string variables)
    {
        if (worstCase > SnapshotBudget.MaxStateBytes)
            problems.Add($"Quotas: a {grain} at these limits could hold {worstCase / (1 << 20)} MiB, over the {SnapshotBudget.MaxStateBytes / (1 << 20)} MiB " +
                         $"a grain may hold and still recover within its call timeout: lower {variables}.");
    }
}
