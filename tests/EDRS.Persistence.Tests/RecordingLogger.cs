using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EDRS.Persistence.Tests;

/// <summary>A logger that keeps what it is given (level, rendered message, structured values) for a test to read.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<RecordedLog> _entries = new();

    public IReadOnlyList<RecordedLog> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
        _entries.Enqueue(new RecordedLog(logLevel, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value), exception));
    }
}
