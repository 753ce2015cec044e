using Akka.Actor;
using Akka.Persistence;

namespace EDRS.Benchmarks.Peer;

/// <summary>
/// The peer's persona: an Akka.NET persistent actor that holds the same state as EDRS's persona for this workload
/// (the current fact per person and subject) and answers a command only after its event is persisted (<c>Persist</c>,
/// which also holds back later commands until then, as EDRS's grain does).
/// </summary>
internal sealed class PersonaEntity : ReceivePersistentActor
{
    private readonly Dictionary<(string Person, string Subject), long> _current = [];
    private long _lastFactId;

    public PersonaEntity(string entityId, TaskCompletionSource? recovered)
    {
        PersistenceId = $"persona-{entityId}";
        Recover<FactRemembered>(Apply);
        Recover<RecoveryCompleted>(_ => recovered?.TrySetResult());
        Command<RememberFact>(command =>
        {
            var fact = Decide(command);
            Persist(fact, persisted =>
            {
                Apply(persisted);
                Sender.Tell(new FactAck(persisted.FactId, LastSequenceNr));
            });
        });
        Command<SeedFacts>(seed =>
        {
            var sender = Sender;
            var facts = Enumerable.Range(0, seed.Count)
                .Select(i => Decide(new RememberFact($"seed-{LastSequenceNr + i}", $"p{i % 4}", $"s{i / 4 % 8}", $"prefers option {i % 10}, said so in message {i}")))
                .ToArray();
            // Decide assigned ids one after another without applying; apply each as it is persisted.
            _lastFactId -= facts.Length;
            var persisted = 0;
            PersistAll(facts, fact =>
            {
                Apply(fact);
                if (++persisted == facts.Length)
                    sender.Tell(new SeedDone(LastSequenceNr));
            });
        });
    }

    public override string PersistenceId { get; }

    private FactRemembered Decide(RememberFact command)
    {
        _current.TryGetValue((command.PersonId, command.Subject), out var superseded);
        return new FactRemembered(command.RequestId, command.PersonId, ++_lastFactId, command.Subject, command.Text, DateTime.UtcNow, superseded);
    }

    private void Apply(FactRemembered fact)
    {
        _lastFactId = Math.Max(_lastFactId, fact.FactId);
        _current[(fact.PersonId, fact.Subject)] = fact.FactId;
    }
}
