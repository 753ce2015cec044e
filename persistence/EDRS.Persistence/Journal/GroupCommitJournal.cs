using System.Diagnostics;
using Npgsql;

namespace EDRS.Persistence.Journal;

/// <summary>
/// The member's journal: appends are spread by stream over <see cref="JournalOptions.Writers"/>
/// group-commit writers; reads go straight to <c>mt_events</c>.
/// </summary>
public sealed class GroupCommitJournal : IEventJournal, IAsyncDisposable
{
    private readonly EventCodec _codec;
    private readonly GroupCommitWriter[] _writers;
    private readonly JournalStreams _streams;

    public GroupCommitJournal(NpgsqlDataSource dataSource, EventCodec codec, JournalOptions options)
    {
        _codec = codec;
        _writers = new GroupCommitWriter[options.Writers];
        for (var i = 0; i < _writers.Length; i++)
            _writers[i] = new GroupCommitWriter(dataSource, options.Schema, options.MaxBatchSize, partition: i);
        _streams = new JournalStreams(dataSource, codec, options.Schema);
    }

    /// <summary>True while every writer loop runs (readiness).</summary>
    public bool IsAlive => _writers.All(w => w.IsAlive);

    public Task<long> AppendAsync(AppendRequest append, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(append);
        if (append.ExpectedVersion < 0)
            throw new ArgumentOutOfRangeException(nameof(append), "The expected version is 0 (new stream) or more.");
        var pending = new PendingAppend(append, _codec.Encode(append), Stopwatch.GetTimestamp(), Activity.Current?.Context ?? default, cancellationToken);
        var writer = _writers[(uint)StringComparer.Ordinal.GetHashCode(append.StreamKey) % (uint)_writers.Length];
        return writer.EnqueueAsync(pending);
    }

    public IAsyncEnumerable<RecordedEvent> ReadAsync(string streamKey, long afterVersion, CancellationToken cancellationToken = default) =>
        _streams.ReadAsync(streamKey, afterVersion, cancellationToken);

    public Task RedactAsync(string streamKey, IReadOnlyList<EventRedaction> redactions, CancellationToken cancellationToken = default) =>
        _streams.RedactAsync(streamKey, redactions, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var writer in _writers)
            await writer.DisposeAsync().ConfigureAwait(false);
    }
}
