using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EDRS.Persistence.Journal;

/// <summary>
/// The member's journal: appends are spread by stream over <see cref="JournalOptions.Writers"/>
/// group-commit writers; reads go straight to <c>mt_events</c>.
/// </summary>
public sealed partial class GroupCommitJournal : IEventJournal, IAsyncDisposable
{
    private readonly EventCodec _codec;
    private readonly GroupCommitWriter[] _writers;
    private readonly JournalStreams _streams;
    private readonly ILogger _logger;

    /// <param name="logger">Where refused appends are logged (stream key and SQL state, never the data).</param>
    public GroupCommitJournal(NpgsqlDataSource dataSource, EventCodec codec, JournalOptions options, ILogger<GroupCommitJournal>? logger = null)
    {
        _codec = codec;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _writers = new GroupCommitWriter[options.Writers];
        for (var i = 0; i < _writers.Length; i++)
            _writers[i] = new GroupCommitWriter(dataSource, options.Schema, options.MaxBatchSize, partition: i, _logger);
        _streams = new JournalStreams(dataSource, codec, options.Schema);
    }

    /// <summary>True while every writer loop runs (readiness).</summary>
    public bool IsAlive => _writers.All(w => w.IsAlive);

    public Task<long> AppendAsync(AppendRequest append, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(append);
        if (append.ExpectedVersion < 0)
            throw new ArgumentOutOfRangeException(nameof(append), "The expected version is 0 (new stream) or more.");
        StoredEvent[] events;
        try
        {
            events = _codec.Encode(append);
        }
        catch (JournalRejectedException rejected)
        {
            // Refused before it could join a batch: a faulted task, like every other outcome of an append.
            JournalMetrics.CountRejected(rejected.SqlState, JournalMetrics.BeforeWrite);
            LogRejectedBeforeWrite(_logger, StorableText.Printable(rejected.StreamKey), rejected.SqlState, rejected.Reason);
            return Task.FromException<long>(rejected);
        }
        var pending = new PendingAppend(append, events, Stopwatch.GetTimestamp(), Activity.Current?.Context ?? default, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information,
        Message = "The journal refused the append to stream {StreamKey} before writing it, SQL state {SqlState}: {Reason}")]
    private static partial void LogRejectedBeforeWrite(ILogger logger, string streamKey, string sqlState, string reason);
}
