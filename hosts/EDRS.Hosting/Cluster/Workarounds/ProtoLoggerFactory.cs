using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EDRS.Hosting.Cluster.Workarounds;

/// <summary>
/// The logger factory handed to Proto.Actor's process-wide <c>Proto.Log</c>. Proto classes create their loggers lazily in
/// static initialisers, from whichever factory was set last; when that host has been disposed (a test process starts and
/// stops many hosts), <c>CreateLogger</c> throws <see cref="ObjectDisposedException"/> inside a type initialiser and the
/// whole process dies (seen: <c>Proto.OneForOneStrategy</c>'s). A disposed factory yields a logger that writes nothing.
/// </summary>
internal sealed class ProtoLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName)
    {
        try
        {
            return inner.CreateLogger(categoryName);
        }
        catch (ObjectDisposedException)
        {
            return NullLogger.Instance;
        }
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The host owns and disposes the inner factory.</summary>
    public void Dispose()
    {
    }
}
