using System.ClientModel;
using System.Diagnostics;
using System.Threading.Channels;
using EDRS.Actors.Inference;
using EDRS.Grains.Contracts.Inference;
using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace EDRS.Models.Inference;

/// <summary>
/// An inference grain's bounded queue and batcher. Requests wait in arrival order; a batch takes up to
/// MAX_BATCH_SIZE of them — as soon as it is full, or once the oldest has waited INFERENCE_BATCH_WINDOW_MS — and runs
/// them together through the backend (in-process: one llama.cpp decode call advances every sequence of the batch).
/// The next batch starts when this one has finished, so N requests that arrive together run in ⌈N/MAX_BATCH_SIZE⌉
/// batches. More than INFERENCE_QUEUE_CAPACITY waiting requests are shed with RESOURCE_EXHAUSTED and a retry-after
/// hint; a request that is cancelled or times out leaves the queue (or its batch) at once.
/// </summary>
internal sealed partial class InferenceQueue : IAsyncDisposable
{
    private readonly ModelBackend _backend;
    private readonly InferenceOptions _options;
    private readonly string _identity;
    private readonly ILogger _logger;
    private readonly Channel<InferenceJob> _jobs = Channel.CreateUnbounded<InferenceJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _pump;
    private readonly KeyValuePair<string, object?>[] _tags;
    private int _waiting;
    private long _batches;
    private double _averageBatchSeconds = 1;

    public InferenceQueue(ModelBackend backend, InferenceOptions options, GrainIdentity identity, ILogger logger)
    {
        _backend = backend;
        _options = options;
        _identity = identity.ClusterIdentity;
        _logger = logger;
        _tags = [new("model", identity.Tenant), new("grain", identity.ClusterIdentity)];
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Requests waiting for a batch.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Batches run so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Queues a generation and completes when its last chunk is written (or it failed, timed out or was cancelled).</summary>
    public async Task RunAsync(IList<ChatMessage> messages, ChatOptions chatOptions, IServerStreamWriter<GenerateChunk> writer, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _waiting) > _options.QueueCapacity)
        {
            Interlocked.Decrement(ref _waiting);
            InferenceMetrics.Shed.Add(1, _tags);
            throw GrainException.ResourceExhausted(
                $"{_identity} has {_options.QueueCapacity} requests waiting (INFERENCE_QUEUE_CAPACITY); retry later.", RetryAfter());
        }

        using var job = new InferenceJob(messages, chatOptions, writer, cancellationToken, _options.Timeout);
        // A job that is cancelled or times out while waiting frees its queue slot now, not when a batch reaches it.
        using var abandon = job.CancellationToken.Register(() =>
        {
            if (job.TryAbandon())
            {
                Interlocked.Decrement(ref _waiting);
                job.Fail();
            }
        });
        if (!_jobs.Writer.TryWrite(job))
        {
            Interlocked.Decrement(ref _waiting);
            throw new GrainException(StatusCode.Unavailable, $"{_identity} is stopping; retry the call.");
        }
        await job.Completion.ConfigureAwait(false);
    }

    /// <summary>Stops taking requests; requests still waiting end with UNAVAILABLE, a running batch is cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        _jobs.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        while (_jobs.Reader.TryRead(out var job))
        {
            if (job.TryAbandon())
                job.Fail(new GrainException(StatusCode.Unavailable, $"{_identity} stopped before the request ran; retry the call."));
        }
    }

    private async Task PumpAsync()
    {
        var reader = _jobs.Reader;
        var batch = new List<InferenceJob>(_options.MaxBatchSize);
        while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
        {
            batch.Clear();
            var oldest = Stopwatch.GetTimestamp();
            while (batch.Count < _options.MaxBatchSize)
            {
                if (reader.TryRead(out var job))
                {
                    if (job.TryStart())
                    {
                        if (batch.Count == 0)
                            oldest = job.EnqueuedAt;
                        Interlocked.Decrement(ref _waiting);
                        batch.Add(job);
                    }
                    continue;
                }
                var left = _options.BatchWindow - Stopwatch.GetElapsedTime(oldest);
                if (batch.Count > 0 && left <= TimeSpan.Zero)
                    break;
                if (batch.Count == 0)
                {
                    // Everything read so far was abandoned: wait for the next request as if idle.
                    if (!await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
                        break;
                    continue;
                }
                using var window = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                window.CancelAfter(left);
                try
                {
                    if (!await reader.WaitToReadAsync(window.Token).ConfigureAwait(false))
                        break;
                }
                catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
                {
                    break;
                }
            }
            if (batch.Count == 0)
                continue;

            var started = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _batches);
            InferenceMetrics.Batches.Add(1, _tags);
            InferenceMetrics.BatchSize.Record(batch.Count, _tags);
            await Task.WhenAll(batch.Select(RunJobAsync)).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            _averageBatchSeconds = 0.8 * _averageBatchSeconds + 0.2 * seconds;
        }
    }

    private async Task RunJobAsync(InferenceJob job)
    {
        try
        {
            ChatFinishReason? finish = null;
            UsageDetails? usage = null;
            using var stopOrCancel = CancellationTokenSource.CreateLinkedTokenSource(job.CancellationToken, _stopping.Token);
            await foreach (var update in _backend.ChatClient.GetStreamingResponseAsync(job.Messages, job.Options, stopOrCancel.Token).ConfigureAwait(false))
            {
                finish = update.FinishReason ?? finish;
                foreach (var content in update.Contents)
                {
                    if (content is UsageContent { Details: { } details })
                        usage = details;
                }
                if (update.Text is { Length: > 0 } text)
                    await job.Writer.WriteAsync(new GenerateChunk { Text = text }).ConfigureAwait(false);
            }
            job.CancellationToken.ThrowIfCancellationRequested();
            await job.Writer.WriteAsync(new GenerateChunk
            {
                Done = true,
                FinishReason = finish?.Value ?? "",
                PromptTokens = (int)(usage?.InputTokenCount ?? 0),
                CompletionTokens = (int)(usage?.OutputTokenCount ?? 0),
            }).ConfigureAwait(false);
            job.Succeed();
        }
        catch (Exception) when (job.CancellationToken.IsCancellationRequested)
        {
            job.Fail();
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            job.Fail(new GrainException(StatusCode.Unavailable, $"{_identity} stopped while generating; retry the call."));
        }
        catch (ArgumentException ex)
        {
            job.Fail(GrainException.Invalid("messages", ex.Message));
        }
        catch (Exception ex) when (ex is HttpRequestException or ClientResultException)
        {
            LogBackendUnavailable(_logger, ex, _identity);
            job.Fail(new GrainException(StatusCode.Unavailable, "The model server did not answer; retry later."));
        }
        catch (Exception ex)
        {
            LogGenerationFailed(_logger, ex, _identity);
            job.Fail(ex);
        }
    }

    /// <summary>About when a slot frees up: the batches ahead of a new request, at the recent batch duration (1..60 s).</summary>
    private TimeSpan RetryAfter()
    {
        var batchesAhead = Waiting / (double)_options.MaxBatchSize + 1;
        return TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(batchesAhead * _averageBatchSeconds), 1, 60));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inference grain {Identity}: the model server did not answer")]
    private static partial void LogBackendUnavailable(ILogger logger, Exception exception, string identity);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inference grain {Identity}: a generation failed")]
    private static partial void LogGenerationFailed(ILogger logger, Exception exception, string identity);
}
