using EDRS.Actors.Inference;
using EDRS.Grains.Contracts.Inference;
using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.Extensions.AI;

namespace EDRS.Models.Inference;

/// <summary>
/// One queued generation: its prompt and options, where its chunks go, and its deadline (INFERENCE_TIMEOUT_SECONDS
/// from arrival, queue wait included). It leaves the queue exactly once: taken into a batch, or abandoned when its
/// caller cancels or its time runs out while it waits — either way its queue slot is freed at once.
/// </summary>
internal sealed class InferenceJob : IDisposable
{
    private const int Waiting = 0;
    private const int Running = 1;
    private const int Abandoned = 2;

    private readonly CancellationTokenSource _cancellation;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationToken _callerToken;
    private readonly TimeSpan _timeout;
    private int _state;

    public InferenceJob(IList<ChatMessage> messages, ChatOptions options, IServerStreamWriter<GenerateChunk> writer, CancellationToken callerToken, TimeSpan timeout)
    {
        Messages = messages;
        Options = options;
        Writer = writer;
        _callerToken = callerToken;
        _timeout = timeout;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        _cancellation.CancelAfter(timeout);
    }

    public IList<ChatMessage> Messages { get; }

    /// <summary>When the job arrived (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long EnqueuedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public ChatOptions Options { get; }

    public IServerStreamWriter<GenerateChunk> Writer { get; }

    /// <summary>Fires when the caller cancels or the timeout passes.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    public Task Completion => _completion.Task;

    public bool TimedOut => _cancellation.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    /// <summary>Waiting → running; false if the job was abandoned first.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, Running, Waiting) == Waiting;

    /// <summary>Waiting → abandoned; false if a batch took it first.</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Waiting;

    public void Succeed() => _completion.TrySetResult();

    /// <summary>Ends the job with the reason it stopped early: timeout, cancellation, or <paramref name="failure"/>.</summary>
    public void Fail(Exception? failure = null)
    {
        if (TimedOut)
        {
            InferenceMetrics.TimedOut.Add(1);
            _completion.TrySetException(new GrainException(StatusCode.DeadlineExceeded,
                $"The generation did not finish within {_timeout.TotalSeconds:0} s (INFERENCE_TIMEOUT_SECONDS); it was stopped and its slot freed."));
        }
        else if (_callerToken.IsCancellationRequested)
        {
            InferenceMetrics.Cancelled.Add(1);
            _completion.TrySetCanceled(_callerToken);
        }
        else
        {
            _completion.TrySetException(failure ?? new InvalidOperationException("The generation failed."));
        }
    }

    public void Dispose() => _cancellation.Dispose();
}
