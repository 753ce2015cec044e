using EDRS.Benchmarks.Workflows;
using EDRS.Testing.Http;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// Checks the fault run's workflows against their journal (read straight from PostgreSQL) and the recording server: every
/// run completed; each of its five steps succeeded exactly once in the journal; every journaled tool step's effect reached
/// the server under the key of the attempt the journal names, and no step had its effect under a second key (a repeated
/// delivery with the same key is the receiver's to drop, not a duplicate effect); every timer fired, never early.
/// </summary>
internal static class WorkflowAudit
{
    private const int MaxExamples = 10;
    private static readonly string[] Steps = ["a", "b", BenchTemplates.TimerStep, "ready", "c"];
    private static readonly string[] ToolSteps = ["a", "b", "c"];

    public static async Task<WorkflowAuditResult> RunAsync(string connectionString, string tenant, IReadOnlyCollection<string> workflowIds, RecordingHttpServer server)
    {
        var journal = (await WorkflowJournal.ReadAsync(connectionString, tenant).ConfigureAwait(false)).ToDictionary(r => r.WorkflowId, StringComparer.Ordinal);
        var examples = new List<string>();
        var keyPrefix = $"wf:{tenant}/";
        // Effects per step (key without its attempt): a second key for one step is a second effect.
        var effects = server.Effects.Select(e => e.IdempotencyKey).OfType<string>().Where(k => k.StartsWith(keyPrefix, StringComparison.Ordinal)).ToArray();
        var effectKeys = effects.ToHashSet(StringComparer.Ordinal);
        var byStep = effects.GroupBy(k => k[..k.LastIndexOf('/')], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var repeated = server.Requests.Count(r => r.IdempotencyKey?.StartsWith(keyPrefix, StringComparison.Ordinal) == true) - effects.Length;

        int completed = 0, lost = 0, duplicateSteps = 0, duplicateEffects = 0, missingEffects = 0, timersLost = 0, early = 0, failedAttempts = 0;
        var lateness = new List<double>();
        foreach (var id in workflowIds)
        {
            if (!journal.TryGetValue(id, out var run))
            {
                lost += Steps.Length;
                timersLost++;
                Note(examples, $"run {id} was acknowledged but has no journal");
                continue;
            }
            failedAttempts += run.FailedAttempts;
            if (run.Status == "completed")
                completed++;
            else
                Note(examples, $"run {id} is {run.Status}");
            foreach (var step in Steps)
            {
                var successes = run.Successes.Where(s => s.StepId == step).ToArray();
                if (successes.Length == 0)
                {
                    lost++;
                    if (step == BenchTemplates.TimerStep)
                        timersLost++;
                    Note(examples, $"run {id}: step {step} never succeeded (started: {run.StartedSteps.Contains(step)})");
                }
                else if (successes.Length > 1)
                {
                    duplicateSteps += successes.Length - 1;
                    Note(examples, $"run {id}: step {step} succeeded {successes.Length} times (attempts {string.Join(", ", successes.Select(s => s.Attempt))})");
                }
                if (successes.Length > 0 && ToolSteps.Contains(step) && !effectKeys.Contains($"{keyPrefix}{id}/{step}/{successes[0].Attempt}"))
                {
                    missingEffects++;
                    Note(examples, $"run {id}: tool step {step} succeeded at attempt {successes[0].Attempt} but the server has no effect with that key");
                }
                if (byStep.TryGetValue($"{keyPrefix}{id}/{step}", out var keys) && keys.Length > 1)
                {
                    duplicateEffects += keys.Length - 1;
                    Note(examples, $"run {id}: step {step} had its effect under {keys.Length} keys: {string.Join(", ", keys)}");
                }
            }
            if (run.TimerLatenessMs(BenchTemplates.TimerStep) is { } late)
            {
                lateness.Add(late);
                if (late < 0)
                {
                    early++;
                    Note(examples, $"run {id}: the timer fired {-late:0} ms before its due time");
                }
            }
        }
        return new WorkflowAuditResult(workflowIds.Count, completed, lost, duplicateSteps, effects.Length, duplicateEffects, missingEffects, repeated,
            timersLost, early, failedAttempts, Percentiles.Of(lateness, 0.5), Percentiles.Of(lateness, 0.99), lateness.Count > 0 ? lateness.Max() : 0, examples);
    }

    private static void Note(List<string> examples, string example)
    {
        if (examples.Count < MaxExamples)
            examples.Add(example);
    }
}
