using System.Numerics.Tensors;
using System.Text.RegularExpressions;

namespace EDRS.Actors.Memory.Retrieval;

/// <summary>
/// The hybrid, time-aware ranking of a persona's memories for one question (<see cref="MemoryQuery"/>), pure. Only memories
/// that had occurred by the question's time are seen. A memory's score adds (weights in <see cref="RankingWeights"/>):
/// <list type="bullet">
/// <item>its cosine similarity to the question, and the share of the question's words it holds (BM25);</item>
/// <item>people: the question's people are the explicit person, the people it names (full names, first or family names,
/// nicknames learnt from memories: <see cref="PersonDirectory"/>) and the speaker for "I/me/my"; a memory about one of them
/// gains, one naming them gains less, one about somebody else loses a little;</item>
/// <item>a second hop: the people the best memories about the asked person lead to ("Bob reports to Helen Ward") gain too,
/// more when the question asks through someone ("Bob's boss", <see cref="QueryIntent"/>);</item>
/// <item>recency as of the question's time, and importance;</item>
/// <item>supersession as of the question's time: a memory a newer one had updated by then loses — unless the question asks
/// what held before a change, when such memories gain (more when the memory that replaced them matches the question,
/// "before she moved back to mornings"), the present of a line of updates loses, and for "originally" the first gains.</item>
/// </list>
/// </summary>
public static partial class MemoryRanker
{
    /// <summary>The best <see cref="MemoryQuery.Limit"/> memories for <paramref name="query"/>, best first.</summary>
    /// <param name="candidates">Ids to consider (e.g. the vector index's nearest, to bound work on a large memory); null: all.</param>
    public static IReadOnlyList<RankedMemory> Rank(MemoryState state, MemoryQuery query, RankingWeights? weights = null, IReadOnlyCollection<long>? candidates = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(query);
        weights ??= RankingWeights.Default;
        var visible = state.OccurredBy(query.AsOf).Where(e => e.Vector.Length == query.Vector.Length).ToList();
        if (query.Mode == RankingMode.Cosine)
        {
            return
            [
                .. visible
                    .Select(e => new RankedMemory(e, Dense(query, e), state.IsSupersededAt(e, query.AsOf)))
                    .OrderByDescending(r => r.Score).ThenByDescending(r => r.Entry.Id)
                    .Take(query.Limit),
            ];
        }

        var ranking = new Ranking(state, query, weights, visible);
        var pool = candidates is null ? visible : ranking.Pool(candidates);
        var first = pool.Select(e => (Entry: e, Score: ranking.Base(e))).OrderByDescending(s => s.Score).ToList();
        var bridged = ranking.Bridges(first);
        return
        [
            .. first
                .Select(s => new RankedMemory(s.Entry, s.Score + ranking.BridgeBonus(s.Entry, bridged), state.IsSupersededAt(s.Entry, query.AsOf)))
                .OrderByDescending(r => r.Score).ThenByDescending(r => r.Entry.Id)
                .Take(query.Limit),
        ];
    }

    /// <summary>
    /// What <paramref name="question"/> says without the names of the people it names, as of <paramref name="asOf"/> (the
    /// question itself when it names no one): embed it too and pass it as <see cref="MemoryQuery.ContentVector"/>.
    /// </summary>
    public static string ContentOf(MemoryState state, string question, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(state);
        return PersonDirectory.Of(state.OccurredBy(asOf)).WithoutNames(question);
    }

    private static double Dense(MemoryQuery query, MemoryEntry entry) => TensorPrimitives.Dot(query.Vector, entry.Vector);

    /// <summary>Similarity of what the question says (names left out when they were) to the memory.</summary>
    private static double ContentDense(MemoryQuery query, MemoryEntry entry) =>
        query.ContentVector.Length == entry.Vector.Length ? TensorPrimitives.Dot(query.ContentVector, entry.Vector) : Dense(query, entry);

    [GeneratedRegex(@"\b(?:I|me|my|mine|myself)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FirstPerson();

    /// <summary>One question's ranking: what it knows once, reused for every memory scored.</summary>
    private sealed class Ranking
    {
        private readonly MemoryState _state;
        private readonly MemoryQuery _query;
        private readonly RankingWeights _weights;
        private readonly List<MemoryEntry> _visible;
        private readonly PersonDirectory _people;
        private readonly LexicalScorer _lexical;
        private readonly LexicalScorer? _change;
        private readonly QueryIntent _intent;
        private readonly Dictionary<string, double> _asked = new(StringComparer.Ordinal);

        public Ranking(MemoryState state, MemoryQuery query, RankingWeights weights, List<MemoryEntry> visible)
        {
            _state = state;
            _query = query;
            _weights = weights;
            _visible = visible;
            _people = PersonDirectory.Of(visible);
            _intent = QueryIntent.Of(query.Text);
            // A past question's change clause ("before she moved back to mornings") describes the successor, not the answer.
            var asked = _intent.ChangeClause.Length > 0 ? query.Text[..^Math.Min(query.Text.Length, _intent.ChangeClause.Length + 1)] : query.Text;
            _lexical = new LexicalScorer(visible, _people.WithoutNames(asked));
            _change = _intent.ChangeClause.Length > 0 ? new LexicalScorer(visible, _people.WithoutNames(_intent.ChangeClause)) : null;
            foreach (var mention in _people.MentionsIn(query.Text))
                _asked[mention.PersonId] = mention.Strength;
            if (query.PersonId.Length > 0)
                _asked[query.PersonId] = 1;
            if (query.SpeakerId.Length > 0 && FirstPerson().IsMatch(query.Text))
                _asked[query.SpeakerId] = Math.Max(_asked.GetValueOrDefault(query.SpeakerId), 1);
        }

        /// <summary>The memories worth scoring: the given candidates, memories sharing a word or a person with the question, and their lines of updates.</summary>
        public List<MemoryEntry> Pool(IReadOnlyCollection<long> candidates)
        {
            var ids = new HashSet<long>(candidates);
            foreach (var entry in _visible)
            {
                if (_asked.ContainsKey(entry.PersonId) || _lexical.Matches(entry))
                    ids.Add(entry.Id);
            }
            foreach (var id in ids.ToList())
            {
                if (_state.Find(id) is { } entry)
                    ids.UnionWith(entry.Supersedes.Concat(entry.SupersededBy));
            }
            return [.. _visible.Where(e => ids.Contains(e.Id))];
        }

        public double Base(MemoryEntry entry)
        {
            var w = _weights;
            var score = (w.Dense * ContentDense(_query, entry)) + (w.Lexical * _lexical.Score(entry));
            score += People(entry);
            var ageDays = Math.Max(0, (_query.AsOf - entry.OccurredAt).TotalDays);
            score += w.Recency * Math.Pow(0.5, ageDays / w.RecencyHalfLifeDays);
            score += w.Importance * (entry.Importance - 5) / 5.0;
            score += Supersession(entry);
            return score;
        }

        private double People(MemoryEntry entry)
        {
            if (_asked.Count == 0)
                return 0;
            var w = _weights;
            var about = entry.PersonId.Length > 0 ? _asked.GetValueOrDefault(entry.PersonId) : 0;
            if (about > 0)
                return (_intent.AsksThroughSomeone ? w.AboutAskedPersonThrough : w.AboutAskedPerson) * about;
            var names = _people.MentionsIn(entry.Text).Where(m => _asked.ContainsKey(m.PersonId)).Select(m => m.Strength * _asked[m.PersonId]).DefaultIfEmpty(0).Max();
            if (names > 0)
                return w.NamesAskedPerson * names;
            return entry.PersonId.Length > 0 ? -w.AboutSomeoneElse : 0;
        }

        private double Supersession(MemoryEntry entry)
        {
            var w = _weights;
            var superseded = _state.IsSupersededAt(entry, _query.AsOf);
            if (!_intent.AsksForThePast)
                return superseded ? -w.Superseded : 0;
            var changeItself = _change is null ? 0 : w.ChangeItself * _change.Score(entry);
            if (superseded)
            {
                // "Before X": the memory X replaced is wanted, so a successor that reads like X lifts it.
                var successor = _state.SuccessorsAt(entry, _query.AsOf)
                    .Select(s => _change is null ? 0.5 * (ContentDense(_query, s) + _lexical.Score(s)) : _change.Score(s))
                    .DefaultIfEmpty(0).Max();
                var first = _intent.AsksForTheOriginal && !_state.PredecessorsOf(entry).Any() ? w.FirstOfLine : 0;
                return w.PastWanted + (w.SuccessorMatch * successor) + first - changeItself;
            }
            return (_state.PredecessorsOf(entry).Any(p => p.OccurredAt <= _query.AsOf) ? -w.PresentNotWanted : 0) - changeItself;
        }

        /// <summary>
        /// People reached in a second hop: those the best first-pass memories are about or name, other than the asked
        /// people, each with the share of the best score that the memory leading to them had.
        /// </summary>
        public Dictionary<string, double> Bridges(List<(MemoryEntry Entry, double Score)> ranked)
        {
            var bridged = new Dictionary<string, double>(StringComparer.Ordinal);
            var n = _weights.BridgeMemories;
            if (n == 0 || ranked.Count == 0)
                return bridged;
            // Memories about the asked people lead on first ("Rosa reports to Helen Ward"), then memories naming them; the
            // best memories overall lead on at half strength (a hop through a topic: "the auth service needs a review from …").
            var related = ranked
                .Where(r => _asked.ContainsKey(r.Entry.PersonId) || _people.MentionsIn(r.Entry.Text).Any(m => _asked.ContainsKey(m.PersonId)))
                .Select(r => (r.Entry, Score: r.Score + (_asked.ContainsKey(r.Entry.PersonId) ? _weights.AboutAskedPerson : 0)))
                .OrderByDescending(r => r.Score)
                .Take(n)
                .ToList();
            Reach(related, 1.0);
            Reach([.. ranked.Take(n)], _weights.BridgeThroughTopic);
            return bridged;

            void Reach(List<(MemoryEntry Entry, double Score)> bridges, double weight)
            {
                if (bridges.Count == 0)
                    return;
                var top = Math.Max(1e-6, bridges[0].Score);
                foreach (var (entry, score) in bridges)
                {
                    var share = weight * Math.Clamp(score / top, 0, 1);
                    var reached = _people.MentionsIn(entry.Text).Select(m => (m.PersonId, m.Strength));
                    if (entry.PersonId.Length > 0)
                        reached = reached.Append((entry.PersonId, 1.0));
                    foreach (var (personId, strength) in reached)
                    {
                        if (!_asked.ContainsKey(personId))
                            bridged[personId] = Math.Max(bridged.GetValueOrDefault(personId), strength * share);
                    }
                }
            }
        }

        public double BridgeBonus(MemoryEntry entry, Dictionary<string, double> bridged) =>
            entry.PersonId.Length > 0 && bridged.TryGetValue(entry.PersonId, out var strength)
                ? (_intent.AsksThroughSomeone ? _weights.AboutBridgedPersonThrough : _weights.AboutBridgedPerson) * strength
                : 0;
    }
}
