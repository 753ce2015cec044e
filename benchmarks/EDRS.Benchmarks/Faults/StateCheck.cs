using System.Collections.Concurrent;
using EDRS.Actors.Personas;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// Asks every persona, freshly re-activated, for its profile version and everything it knows about each person, and
/// compares the answers with the state the harness folded from the journal itself.
/// </summary>
internal static class StateCheck
{
    private const int MaxAttempts = 5;

    public static async Task<StateCheckResult> RunAsync(GrainClients clients, string tenant, IReadOnlyDictionary<string, FoldedPersona> folded)
    {
        var mismatched = 0;
        var unreachable = 0;
        var examples = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(folded.Values, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (expected, _) =>
        {
            try
            {
                var problem = await CompareAsync(clients.Persona(tenant, expected.PersonaId), expected).ConfigureAwait(false);
                if (problem is not null)
                {
                    Interlocked.Increment(ref mismatched);
                    if (examples.Count < 10)
                        examples.Enqueue($"{expected.PersonaId}: {problem}");
                }
            }
            catch (RpcException ex)
            {
                Interlocked.Increment(ref unreachable);
                if (examples.Count < 10)
                    examples.Enqueue($"{expected.PersonaId}: unreachable ({ex.StatusCode}: {ex.Status.Detail})");
            }
        }).ConfigureAwait(false);
        return new StateCheckResult(folded.Count, mismatched, unreachable, [.. examples]);
    }

    private static async Task<string?> CompareAsync(EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient persona, FoldedPersona expected)
    {
        var view = await WithRetriesAsync(() => persona.GetPersonaAsync(new GetPersonaRequest()).ResponseAsync).ConfigureAwait(false);
        if (view is null)
            return "GetPersona answered NOT_FOUND";
        if (view.Version != expected.Version)
            return $"reports version {view.Version}, the journal folds to {expected.Version}";
        if (view.PeopleKnown != expected.State.People.Count)
            return $"knows {view.PeopleKnown} people, the journal folds to {expected.State.People.Count}";
        if (view.Profile.Name != expected.State.Profile.Name)
            return $"is named '{view.Profile.Name}', the journal folds to '{expected.State.Profile.Name}'";
        foreach (var personId in FactLoad.People)
        {
            var facts = expected.State.FactsAbout(personId);
            var person = await WithRetriesAsync(() => persona.GetPersonAsync(new GetPersonRequest { PersonId = personId }).ResponseAsync).ConfigureAwait(false);
            if (person is null)
            {
                if (!facts.IsEmpty)
                    return $"knows nothing about {personId}, the journal folds to {facts.Count} facts";
                continue;
            }
            if (person.Facts.Count != facts.Count)
                return $"holds {person.Facts.Count} facts about {personId}, the journal folds to {facts.Count}";
            for (var i = 0; i < facts.Count; i++)
            {
                var (got, want) = (person.Facts[i], facts[i]);
                if (got.FactId != want.FactId || (int)got.Kind != (int)want.Kind || got.Subject != want.Subject || got.Text != want.Text
                    || got.Source != want.Source || got.RememberedAt != Timestamp.FromDateTimeOffset(want.RememberedAt))
                    return $"fact #{i} about {personId} is {got.FactId} '{got.Text}', the journal folds to {want.FactId} '{want.Text}'";
            }
        }
        return null;
    }

    /// <summary>The answer, or null for NOT_FOUND; transient failures (a member still settling) are retried.</summary>
    private static async Task<T?> WithRetriesAsync<T>(Func<Task<T>> call) where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                return null;
            }
            catch (RpcException) when (attempt < MaxAttempts)
            {
                await Task.Delay(200).ConfigureAwait(false);
            }
        }
    }
}
