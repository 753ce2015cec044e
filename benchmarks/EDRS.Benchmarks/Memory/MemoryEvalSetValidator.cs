using System.Text.RegularExpressions;

namespace EDRS.Benchmarks.Memory;

/// <summary>
/// The checks behind <see cref="MemoryEvalSet.Validate"/>. Each problem is one sentence that starts with the key of
/// the entry at fault, so a broken set can be fixed from the list alone.
/// </summary>
internal sealed partial class MemoryEvalSetValidator
{
    private readonly MemoryEvalSet _set;
    private readonly List<string> _problems = [];
    private readonly Dictionary<string, EvalMemory> _memories = new(StringComparer.Ordinal);
    private readonly Dictionary<(string PersonaId, string PersonId), EvalPerson> _people = [];
    private readonly HashSet<string> _personas = new(StringComparer.Ordinal);

    /// <summary>Memory key → the chain it is a step of, and which step.</summary>
    private readonly Dictionary<string, (EvalChain Chain, int Step)> _chainStep = new(StringComparer.Ordinal);

    public MemoryEvalSetValidator(MemoryEvalSet set) => _set = set;

    public IReadOnlyList<string> Run()
    {
        CheckPersonas();
        CheckPeople();
        CheckMemories();
        CheckChains();
        CheckLookalikes();
        foreach (var question in _set.Questions)
            CheckQuestion(question);
        CheckQuestionKeys();
        CheckFloors();
        return _problems;
    }

    private void Problem(string problem) => _problems.Add(problem);

    private void CheckPersonas()
    {
        foreach (var persona in _set.Personas)
        {
            if (!KebabCase().IsMatch(persona.Id))
                Problem($"persona '{persona.Id}': id is not kebab-case.");
            if (!_personas.Add(persona.Id))
                Problem($"persona '{persona.Id}': duplicate id.");
            if (string.IsNullOrWhiteSpace(persona.Name) || string.IsNullOrWhiteSpace(persona.Role))
                Problem($"persona '{persona.Id}': name and role must not be empty.");
            if (persona.Skills.Count == 0 || persona.Skills.Any(string.IsNullOrWhiteSpace))
                Problem($"persona '{persona.Id}': skills must be a non-empty list of non-empty strings.");
        }
    }

    private void CheckPeople()
    {
        foreach (var person in _set.People)
        {
            var at = $"person '{person.PersonId}' of '{person.PersonaId}'";
            if (!_personas.Contains(person.PersonaId))
                Problem($"{at}: unknown personaId.");
            if (!KebabCase().IsMatch(person.PersonId))
                Problem($"{at}: personId is not kebab-case.");
            if (!_people.TryAdd((person.PersonaId, person.PersonId), person))
                Problem($"{at}: listed twice for the same persona.");
            if (string.IsNullOrWhiteSpace(person.Name))
                Problem($"{at}: name is empty.");
            if (person.Aliases.Any(string.IsNullOrWhiteSpace))
                Problem($"{at}: an alias is empty.");
            if (!EvalVocabulary.Pronouns.Contains(person.Pronoun))
                Problem($"{at}: pronoun '{person.Pronoun}' is not one of he, she, they.");
        }
    }

    private void CheckMemories()
    {
        foreach (var memory in _set.Memories)
        {
            var at = $"{memory.Key}";
            if (!MemoryKey().IsMatch(memory.Key))
                Problem($"{at}: key is not of the form m001.");
            if (!_memories.TryAdd(memory.Key, memory))
                Problem($"{at}: duplicate key.");
            if (!_personas.Contains(memory.PersonaId))
                Problem($"{at}: unknown personaId '{memory.PersonaId}'.");
            if (memory.PersonId is { } personId && !_people.ContainsKey((memory.PersonaId, personId)))
                Problem($"{at}: personId '{personId}' is not in people for '{memory.PersonaId}'.");
            if (!EvalVocabulary.Kinds.Contains(memory.Kind))
                Problem($"{at}: kind '{memory.Kind}' is not one of {string.Join(", ", EvalVocabulary.Kinds)}.");
            if (memory.Importance is < 1 or > 10)
                Problem($"{at}: importance {memory.Importance} is outside 1..10.");
            if (!EvalVocabulary.Sources.Contains(memory.Source))
                Problem($"{at}: source '{memory.Source}' is not one of {string.Join(", ", EvalVocabulary.Sources)}.");
            if (string.IsNullOrWhiteSpace(memory.Text))
                Problem($"{at}: text is empty.");
        }
    }

    private void CheckChains()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chain in _set.Chains)
        {
            var at = $"chain {chain.Key}";
            if (!keys.Add(chain.Key))
                Problem($"{at}: duplicate key.");
            if (!_personas.Contains(chain.PersonaId))
                Problem($"{at}: unknown personaId '{chain.PersonaId}'.");
            if (chain.PersonId is { } personId && !_people.ContainsKey((chain.PersonaId, personId)))
                Problem($"{at}: personId '{personId}' is not in people for '{chain.PersonaId}'.");
            if (chain.Steps.Count < 2)
                Problem($"{at}: a chain needs at least two steps.");
            EvalMemory? previous = null;
            for (var i = 0; i < chain.Steps.Count; i++)
            {
                if (!_memories.TryGetValue(chain.Steps[i], out var step))
                {
                    Problem($"{at}: step {chain.Steps[i]} is not a memory.");
                    continue;
                }
                if (!_chainStep.TryAdd(step.Key, (chain, i)))
                    Problem($"{at}: {step.Key} is already a step of chain {_chainStep[step.Key].Chain.Key}.");
                if (step.PersonaId != chain.PersonaId || step.PersonId != chain.PersonId)
                    Problem($"{at}: {step.Key} belongs to '{step.PersonaId}'/'{step.PersonId}', not to the chain's '{chain.PersonaId}'/'{chain.PersonId}'.");
                if (previous is not null && step.OccurredAt <= previous.OccurredAt)
                    Problem($"{at}: {step.Key} does not occur after {previous.Key}, the step it supersedes.");
                previous = step;
            }
        }
    }

    private void CheckLookalikes()
    {
        foreach (var pair in _set.Lookalikes)
        {
            var at = $"lookalike {pair.Earlier}/{pair.Later}";
            if (!_memories.TryGetValue(pair.Earlier, out var earlier) || !_memories.TryGetValue(pair.Later, out var later))
            {
                Problem($"{at}: both keys must be memories.");
                continue;
            }
            if (earlier.PersonaId != later.PersonaId || earlier.PersonId is null || earlier.PersonId != later.PersonId)
                Problem($"{at}: a lookalike pair is two memories of one persona about the same person.");
            if (later.OccurredAt <= earlier.OccurredAt)
                Problem($"{at}: the later memory does not occur after the earlier one.");
            if (_chainStep.TryGetValue(earlier.Key, out var a) && _chainStep.TryGetValue(later.Key, out var b) && a.Chain == b.Chain)
                Problem($"{at}: both are steps of chain {a.Chain.Key}, so one does supersede the other.");
            if (string.IsNullOrWhiteSpace(pair.Note))
                Problem($"{at}: note is empty.");
            // A pair no question looks at tests nothing: some question must want the earlier memory after the later one exists.
            if (!_set.Questions.Any(q => q.Answers.Contains(earlier.Key) && q.AskedAt >= later.OccurredAt))
                Problem($"{at}: no question asks for {earlier.Key} after {later.Key} has occurred, so the pair is never tested.");
        }
    }

    private void CheckQuestionKeys()
    {
        foreach (var duplicate in _set.Questions.GroupBy(q => q.Key).Where(g => g.Count() > 1))
            Problem($"{duplicate.Key}: duplicate question key.");
    }

    private void CheckQuestion(EvalQuestion question)
    {
        var at = $"{question.Key} ({question.Category})";
        if (!QuestionKey().IsMatch(question.Key))
            Problem($"{at}: key is not of the form q001.");
        if (!_personas.Contains(question.PersonaId))
            Problem($"{at}: unknown personaId '{question.PersonaId}'.");
        if (question.PersonId is { } personId && !_people.ContainsKey((question.PersonaId, personId)))
            Problem($"{at}: personId '{personId}' is not in people for '{question.PersonaId}'.");
        if (!EvalVocabulary.Categories.Contains(question.Category))
            Problem($"{at}: unknown category; expected one of {string.Join(", ", EvalVocabulary.Categories)}.");
        if (string.IsNullOrWhiteSpace(question.Text))
            Problem($"{at}: text is empty.");
        if (question.Answers.Count == 0)
            Problem($"{at}: no answers.");

        var answers = Resolve(at, "answer", question, question.Answers);
        var supporting = Resolve(at, "supporting memory", question, question.Supporting);
        var stale = Resolve(at, "stale memory", question, question.Stale);

        foreach (var key in question.Stale.Intersect(question.Answers, StringComparer.Ordinal))
            Problem($"{at}: {key} is both an answer and stale.");
        foreach (var old in stale)
        {
            foreach (var answer in answers.Where(a => old.OccurredAt >= a.OccurredAt))
                Problem($"{at}: stale {old.Key} does not occur before its successor {answer.Key}.");
        }
        if (question.PersonId is not null && question.Category != "two-hop")
        {
            foreach (var answer in answers.Where(a => a.PersonId != question.PersonId))
                Problem($"{at}: answer {answer.Key} is about '{answer.PersonId}', not the question's '{question.PersonId}'.");
        }
        if (_set.Chains.Count > 0)
            CheckAgainstChains(at, question, answers, stale);

        switch (question.Category)
        {
            case "update" when stale.Count == 0:
                Problem($"{at}: an update question names the superseded memories as stale.");
                break;
            case "two-hop":
                CheckTwoHop(at, question, answers, supporting);
                break;
            case "paraphrase":
                CheckParaphrase(at, question, answers);
                break;
            case "near-name":
                CheckNearName(at, question, answers);
                break;
            case "implicit-person":
                CheckImplicitPerson(at, question, answers);
                break;
            case "alias":
                CheckAlias(at, question, answers);
                break;
        }
    }

    /// <summary>The memories behind keys, reporting dangling keys, other personas and memories that have not occurred yet.</summary>
    private List<EvalMemory> Resolve(string at, string role, EvalQuestion question, IReadOnlyList<string> keys)
    {
        var found = new List<EvalMemory>();
        foreach (var key in keys)
        {
            if (!_memories.TryGetValue(key, out var memory))
            {
                Problem($"{at}: {role} {key} is not a memory.");
                continue;
            }
            if (memory.PersonaId != question.PersonaId)
                Problem($"{at}: {role} {key} belongs to persona '{memory.PersonaId}', not '{question.PersonaId}'.");
            if (memory.OccurredAt > question.AskedAt)
                Problem($"{at}: {role} {key} occurs at {memory.OccurredAt:O}, after the question is asked ({question.AskedAt:O}).");
            found.Add(memory);
        }
        return found;
    }

    private void CheckAgainstChains(string at, EvalQuestion question, List<EvalMemory> answers, List<EvalMemory> stale)
    {
        foreach (var answer in answers)
        {
            var inChain = _chainStep.TryGetValue(answer.Key, out var place);
            var successor = inChain && place.Step + 1 < place.Chain.Steps.Count ? _memories.GetValueOrDefault(place.Chain.Steps[place.Step + 1]) : null;
            var supersededByThen = successor is not null && successor.OccurredAt <= question.AskedAt;
            switch (question.Category)
            {
                case "history" when !supersededByThen:
                    Problem($"{at}: answer {answer.Key} is not superseded by {question.AskedAt:O}, so it is not history.");
                    break;
                case "as-of" when successor is null || supersededByThen:
                    Problem($"{at}: answer {answer.Key} has no successor after {question.AskedAt:O}; an as-of question asks before a change.");
                    break;
                case not "history" when supersededByThen:
                    Problem($"{at}: answer {answer.Key} is superseded by {successor!.Key} by the time the question is asked.");
                    break;
            }
            if (inChain && question.Category != "history")
            {
                foreach (var earlier in place.Chain.Steps.Take(place.Step).Where(k => !question.Stale.Contains(k)))
                    Problem($"{at}: {earlier}, an earlier step of chain {place.Chain.Key}, is missing from stale.");
            }
        }
        foreach (var old in stale)
        {
            var sameChain = _chainStep.TryGetValue(old.Key, out var oldPlace) && answers.Any(a =>
                _chainStep.TryGetValue(a.Key, out var answerPlace) && answerPlace.Chain == oldPlace.Chain && answerPlace.Step > oldPlace.Step);
            if (!sameChain)
                Problem($"{at}: stale {old.Key} is not an earlier step of an answer's chain.");
        }
    }

    private void CheckTwoHop(string at, EvalQuestion question, List<EvalMemory> answers, List<EvalMemory> supporting)
    {
        if (supporting.Count == 0)
            Problem($"{at}: a two-hop question lists its bridge memories as supporting.");
        if (!PeopleOf(question.PersonaId).Any(p => EvalText.MentionsPerson(question.Text, p)))
            Problem($"{at}: a two-hop question starts from a person it names.");
        foreach (var answer in answers)
        {
            if (Person(answer) is { } person && EvalText.MentionsPerson(question.Text, person))
                Problem($"{at}: the question already names {person.Name}, whom answer {answer.Key} is about: that is one hop.");
        }
    }

    private void CheckParaphrase(string at, EvalQuestion question, List<EvalMemory> answers)
    {
        var names = PeopleOf(question.PersonaId).SelectMany(EvalText.NameWords).ToHashSet(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            var shared = EvalText.SharedKeywords(question.Text, answer.Text, names);
            if (shared.Count > 0)
                Problem($"{at}: shares keywords with answer {answer.Key}: {string.Join(", ", shared)}.");
        }
    }

    private void CheckNearName(string at, EvalQuestion question, List<EvalMemory> answers)
    {
        var asked = AskedPerson(at, question, answers);
        if (asked is null)
            return;
        var namesakes = PeopleOf(question.PersonaId)
            .Where(p => p != asked && EvalText.Distance(p.Name.ToLowerInvariant(), asked.Name.ToLowerInvariant()) <= 2)
            .ToList();
        if (namesakes.Count == 0)
            Problem($"{at}: {asked.Name} has no near-namesake (edit distance <= 2) among the persona's people.");
        if (!EvalText.MentionsPerson(question.Text, asked))
            Problem($"{at}: the question does not name {asked.Name}.");
        var askedFirst = EvalText.Words(asked.Name)[0];
        foreach (var namesake in namesakes)
        {
            var first = EvalText.Words(namesake.Name)[0];
            if (first != askedFirst && EvalText.Mentions(question.Text, first))
                Problem($"{at}: the question names {namesake.Name}'s first name, not {asked.Name}'s.");
        }
    }

    private void CheckImplicitPerson(string at, EvalQuestion question, List<EvalMemory> answers)
    {
        foreach (var answer in answers)
        {
            if (Person(answer) is not { } person)
            {
                Problem($"{at}: answer {answer.Key} has no personId, so nothing but its text can tie it to a person.");
                continue;
            }
            if (EvalText.MentionsPerson(answer.Text, person))
                Problem($"{at}: answer {answer.Key} names {person.Name} in its text.");
            if (!EvalText.MentionsPerson(question.Text, person))
                Problem($"{at}: the question does not name {person.Name}.");
        }
    }

    private void CheckAlias(string at, EvalQuestion question, List<EvalMemory> answers)
    {
        foreach (var answer in answers)
        {
            if (Person(answer) is not { } person)
            {
                Problem($"{at}: answer {answer.Key} has no personId to carry an alias.");
                continue;
            }
            var used = person.Aliases.Where(a => EvalText.Mentions(question.Text, a)).ToList();
            if (used.Count == 0)
            {
                Problem($"{at}: the question uses none of {person.Name}'s aliases.");
                continue;
            }
            foreach (var alias in used)
            {
                var learnt = _set.Memories.Any(m => m.PersonaId == question.PersonaId && m.OccurredAt <= question.AskedAt && EvalText.Mentions(m.Text, alias));
                if (!learnt)
                    Problem($"{at}: no memory of the persona introduces the alias '{alias}' by {question.AskedAt:O}.");
                if (EvalText.Mentions(answer.Text, alias))
                    Problem($"{at}: answer {answer.Key} itself says '{alias}', so the alias is never resolved.");
            }
        }
    }

    /// <summary>The person a question is about: its personId, else the one person all answers are about.</summary>
    private EvalPerson? AskedPerson(string at, EvalQuestion question, List<EvalMemory> answers)
    {
        var ids = question.PersonId is { } id ? [id] : answers.Select(a => a.PersonId).Distinct().ToList();
        if (ids is [{ } only] && _people.TryGetValue((question.PersonaId, only), out var person))
            return person;
        Problem($"{at}: cannot tell which one person the question is about.");
        return null;
    }

    private EvalPerson? Person(EvalMemory memory) =>
        memory.PersonId is { } id ? _people.GetValueOrDefault((memory.PersonaId, id)) : null;

    private IEnumerable<EvalPerson> PeopleOf(string personaId) => _set.People.Where(p => p.PersonaId == personaId);

    private void CheckFloors()
    {
        Floor("personas", _set.Personas.Count, MemoryEvalSet.MinPersonas);
        Floor("distinct people", _set.People.Select(p => p.PersonId).Distinct().Count(), MemoryEvalSet.MinPeople);
        Floor("memories", _set.Memories.Count, MemoryEvalSet.MinMemories);
        Floor("questions", _set.Questions.Count, MemoryEvalSet.MinQuestions);
        if (_set.Memories.Count > 0)
        {
            var span = _set.Memories.Max(m => m.OccurredAt) - _set.Memories.Min(m => m.OccurredAt);
            Floor("days spanned by memories", (int)span.TotalDays, MemoryEvalSet.MinSpanDays);
        }
        foreach (var (category, count) in _set.CountByCategory())
            Floor($"'{category}' questions", count, MemoryEvalSet.MinPerCategory);
        if (_set.Chains.Count > 0)
        {
            Floor("chains", _set.Chains.Count, MemoryEvalSet.MinChains);
            Floor("chains of three or more steps", _set.Chains.Count(c => c.Steps.Count >= 3), MemoryEvalSet.MinThreeStepChains);
        }
        if (_set.Lookalikes.Count > 0)
            Floor("lookalikes", _set.Lookalikes.Count, MemoryEvalSet.MinLookalikes);
    }

    private void Floor(string what, int count, int floor)
    {
        if (count < floor)
            Problem($"set: {count} {what}, below the floor of {floor}.");
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*\\z")]
    private static partial Regex KebabCase();

    [GeneratedRegex(@"^m\d{3,}\z")]
    private static partial Regex MemoryKey();

    [GeneratedRegex(@"^q\d{3,}\z")]
    private static partial Regex QuestionKey();
}
