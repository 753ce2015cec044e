using Microsoft.Extensions.Logging;

namespace EDRS.Pulsar.Connections;

/// <summary>
/// Keeps one producer or consumer attached to its broker: the first attachment retries transient failures until the
/// operation timeout (and fails fast on permanent ones such as a refused token); after that, every loss (connection
/// closed, CLOSE_PRODUCER / CLOSE_CONSUMER) starts one background loop that retries with exponential backoff and
/// jitter until it succeeds or the owner is disposed.
/// </summary>
internal sealed class Reconnector(PulsarClient client, string kind, string topic, Func<CancellationToken, Task> attach, Func<bool> isAttached, ILogger logger) : IDisposable
{
    private readonly ReconnectBackoff backoff = new(client.Options.ReconnectInitialDelay, client.Options.ReconnectMaxDelay);
    private readonly CancellationTokenSource stop = new();
    private int looping;

    public CancellationToken Stopping => stop.Token;

    public async Task AttachFirstAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stop.Token);
        deadline.CancelAfter(client.Options.OperationTimeout);
        while (true)
        {
            try
            {
                await attach(deadline.Token).ConfigureAwait(false);
                backoff.Reset();
                return;
            }
            catch (PulsarException e) when (e.IsRetriable && !deadline.IsCancellationRequested)
            {
                var delay = backoff.Next();
                PulsarLog.ReconnectFailed(logger, e, kind, topic, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new PulsarException($"Creating the {kind} on {topic} did not succeed within {client.Options.OperationTimeout}: {e.Message}", e.ServerError, e);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !stop.IsCancellationRequested)
            {
                throw new PulsarException($"Creating the {kind} on {topic} did not succeed within {client.Options.OperationTimeout}.");
            }
        }
    }

    /// <summary>Starts the background reconnection loop unless one is running or the owner is disposed.</summary>
    public void Reconnect()
    {
        if (stop.IsCancellationRequested || Interlocked.Exchange(ref looping, 1) != 0)
            return;
        _ = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        try
        {
            var delay = backoff.Next();
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(delay, stop.Token).ConfigureAwait(false);
                try
                {
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    deadline.CancelAfter(client.Options.OperationTimeout);
                    await attach(deadline.Token).ConfigureAwait(false);
                    backoff.Reset();
                    Volatile.Write(ref looping, 0);
                    // A loss right after attaching may have found this loop still marked running: look again.
                    if (!isAttached())
                        Reconnect();
                    return;
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    delay = backoff.Next();
                    PulsarLog.ReconnectFailed(logger, e, kind, topic, delay.TotalMilliseconds);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            if (stop.IsCancellationRequested)
                Volatile.Write(ref looping, 0);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }
}
