using EDRS.Persistence;
using EDRS.Persistence.Journal;
using EDRS.Persistence.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Grains.Runtime;

/// <summary>Gives each grain activation its <see cref="JournaledState{TState}"/> on the member's journal.</summary>
public sealed class JournaledStateFactory(
    IEventJournal journal,
    ISnapshotStore snapshots,
    IOptions<JournalOptions> journalOptions,
    IOptions<GrainOptions> grainOptions,
    ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("EDRS.Grains");

    /// <param name="attachment">The binary part of the snapshots, for state that JSON would bloat (null: none).</param>
    public JournaledState<TState, TEvent> Create<TState, TEvent>(
        GrainActivation activation, TState initial, Func<TState, TEvent, TState> evolve, ISnapshotAttachment<TState>? attachment = null)
        where TState : class
        where TEvent : class =>
        new(activation, journal, snapshots, journalOptions.Value, grainOptions.Value, initial, evolve, _logger, attachment);
}
