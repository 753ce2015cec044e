using System.Text.Json;
using System.Text.Json.Serialization;

namespace EDRS.Benchmarks.Memory;

/// <summary>
/// The long-term-memory retrieval evaluation set (Data/memory-eval.json, described in Data/README.md): personas, the
/// people they know, the memories to ingest and the questions to ask as of a time, with their expected answers.
/// </summary>
internal sealed record MemoryEvalSet
{
    /// <summary>Floors the set must reach; a held-out set of the same kind is held to the same ones.</summary>
    public const int MinPersonas = 4;
    public const int MinPeople = 30;
    public const int MinMemories = 220;
    public const int MinSpanDays = 90;
    public const int MinQuestions = 160;
    public const int MinPerCategory = 12;

    /// <summary>Floors of the optional ground-truth sections, checked when a set has them.</summary>
    public const int MinChains = 25;
    public const int MinThreeStepChains = 3;
    public const int MinLookalikes = 5;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        // A misspelt field would otherwise be dropped in silence and its default used.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public required IReadOnlyList<EvalPersona> Personas { get; init; }

    public required IReadOnlyList<EvalPerson> People { get; init; }

    public required IReadOnlyList<EvalMemory> Memories { get; init; }

    public required IReadOnlyList<EvalQuestion> Questions { get; init; }

    /// <summary>Optional ground truth: supersession chains.</summary>
    public IReadOnlyList<EvalChain> Chains { get; init; } = [];

    /// <summary>Optional ground truth: later memories that must not supersede earlier ones.</summary>
    public IReadOnlyList<EvalLookalike> Lookalikes { get; init; } = [];

    /// <summary>Reads a set; throws <see cref="InvalidDataException"/> naming the file, line and field of malformed JSON.</summary>
    public static MemoryEvalSet Load(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return JsonSerializer.Deserialize<MemoryEvalSet>(stream, JsonOptions)
                ?? throw new InvalidDataException($"{path}: the file holds null, not an evaluation set.");
        }
        catch (JsonException e)
        {
            // Some JsonException messages (an unmapped property) do not say where; Path and LineNumber always do.
            var where = e.Message.Contains("Path:", StringComparison.Ordinal) ? "" : $" (at {e.Path}, line {e.LineNumber + 1})";
            throw new InvalidDataException($"{path}: {e.Message}{where}", e);
        }
    }

    /// <summary>
    /// Everything wrong with the set, one sentence each (empty when it is valid): dangling and duplicate keys, unknown
    /// personas and people, vocabularies, counts below the floors, answers that have not occurred by the time of the
    /// question, stale memories that do not precede their successor, and the checks of each category.
    /// </summary>
    public IReadOnlyList<string> Validate() => new MemoryEvalSetValidator(this).Run();

    /// <summary>Questions per category, in <see cref="EvalVocabulary.Categories"/> order, then any unknown ones.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> CountByCategory()
    {
        var counts = Questions.GroupBy(q => q.Category).ToDictionary(g => g.Key, g => g.Count());
        return EvalVocabulary.Categories.Select(c => KeyValuePair.Create(c, counts.GetValueOrDefault(c)))
            .Concat(counts.Where(c => !EvalVocabulary.Categories.Contains(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal))
            .ToList();
    }
}
