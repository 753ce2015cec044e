using System.Text;
using System.Threading.Channels;
using EDRS.Actors.Inference;
using LLama;
using LLama.Batched;
using LLama.Native;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace EDRS.Models.Inference.Llama;

/// <summary>
/// Runs the in-process model: one decode loop over LLamaSharp's <see cref="BatchedExecutor"/>, where every request
/// in flight is a sequence of the same llama.cpp batch, so up to <see cref="LlamaModel.MaxSequences"/> requests
/// advance by one token per decode call (continuous batching: a request joins at the next step, leaves when done).
/// One loop per process owns the context; callers only enqueue and read their own pieces.
/// </summary>
public sealed partial class LlamaBatchEngine : IAsyncDisposable
{
    private readonly LlamaModel _model;
    private readonly ILogger _logger;
    private readonly Channel<LlamaGeneration> _admissions = Channel.CreateUnbounded<LlamaGeneration>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private long _decodeSteps;
    private int _peakSequences;

    public LlamaBatchEngine(LlamaModel model, ILogger logger)
    {
        _model = model;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public LlamaModel Model => _model;

    /// <summary>Decode calls so far (each advances every sequence in flight by one token).</summary>
    public long DecodeSteps => Interlocked.Read(ref _decodeSteps);

    /// <summary>The most sequences one decode call has carried.</summary>
    public int PeakSequencesPerDecode => Volatile.Read(ref _peakSequences);

    /// <summary>Queues a generation; read its pieces from the result. Cancel <paramref name="cancellationToken"/> to stop it and free its sequence.</summary>
    public LlamaGeneration Start(LLamaToken[] prompt, GenerationSettings settings, CancellationToken cancellationToken)
    {
        if (prompt.Length == 0)
            throw new ArgumentException("The prompt is empty.", nameof(prompt));
        if (prompt.Length >= _model.ContextPerSequence)
            throw new ArgumentException(
                $"The prompt has {prompt.Length} tokens; a request's context holds {_model.ContextPerSequence} (MODEL_CONTEXT_SIZE), reply included.",
                nameof(prompt));
        var generation = new LlamaGeneration(prompt, settings, cancellationToken);
        if (!_admissions.Writer.TryWrite(generation))
            throw new ObjectDisposedException(nameof(LlamaBatchEngine), "The model is shutting down.");
        return generation;
    }

    public async ValueTask DisposeAsync()
    {
        _admissions.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var executor = new BatchedExecutor(_model.Weights, _model.Parameters);
        var active = new List<Sequence>();
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                if (active.Count == 0 && !await _admissions.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
                    break;
                Admit(executor, active);
                if (executor.BatchedTokenCount == 0)
                    continue;

                var sequences = active.Count(s => s.Conversation.RequiresInference);
                var result = await executor.Infer(_stopping.Token).ConfigureAwait(false);
                if (result != DecodeResult.Ok)
                {
                    // The KV cache is sized for every sequence at full length, so this is not expected: end the
                    // requests in flight with the reason and start over on a fresh context.
                    LogDecodeFailed(_logger, result.ToString(), active.Count);
                    FailAll(active, new InvalidOperationException($"llama.cpp could not decode the batch ({result})."));
                    executor.Dispose();
                    executor = new BatchedExecutor(_model.Weights, _model.Parameters);
                    continue;
                }
                Interlocked.Increment(ref _decodeSteps);
                InferenceMetrics.DecodeSteps.Add(1);
                InferenceMetrics.SequencesPerDecode.Record(sequences);
                if (sequences > _peakSequences)
                    Volatile.Write(ref _peakSequences, sequences);
                SampleReady(active);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogLoopFailed(_logger, ex);
            FailAll(active, ex);
            while (_admissions.Reader.TryRead(out var waiting))
                waiting.Fail(ex);
            throw;
        }
        finally
        {
            var stopped = new ObjectDisposedException(nameof(LlamaBatchEngine), "The model is shutting down.");
            FailAll(active, stopped);
            while (_admissions.Reader.TryRead(out var waiting))
                waiting.Fail(stopped);
            executor.Dispose();
        }
    }

    private void Admit(BatchedExecutor executor, List<Sequence> active)
    {
        while (active.Count < _model.MaxSequences && _admissions.Reader.TryRead(out var generation))
        {
            if (generation.CancellationToken.IsCancellationRequested)
            {
                generation.Fail(new OperationCanceledException(generation.CancellationToken));
                continue;
            }
            var conversation = executor.Create();
            conversation.Prompt(generation.Prompt);
            active.Add(new Sequence(generation, conversation, new StreamingTokenDecoder(Encoding.UTF8, _model.Weights), new TokenSampler(generation.Settings)));
        }
    }

    private void SampleReady(List<Sequence> active)
    {
        var vocabulary = _model.Weights.Vocab;
        for (var i = active.Count - 1; i >= 0; i--)
        {
            var sequence = active[i];
            var conversation = sequence.Conversation;
            // A sequence whose tokens are still queued for a later decode call is left alone until then: freeing it
            // now would let a new request reuse its sequence id while its tokens are still in the queue.
            if (!conversation.RequiresSampling)
                continue;
            var generation = sequence.Generation;
            if (generation.CancellationToken.IsCancellationRequested)
            {
                End(active, i, () => generation.Fail(new OperationCanceledException(generation.CancellationToken)));
                continue;
            }

            var token = (LLamaToken)sequence.Sampler.Next(conversation.Sample());
            if (token.IsEndOfGeneration(vocabulary))
            {
                End(active, i, () => generation.Finish(ChatFinishReason.Stop));
                continue;
            }
            sequence.Decoder.Add(token);
            generation.Emit(sequence.Decoder.Read(), 1);
            InferenceMetrics.Tokens.Add(1);
            if (generation.GeneratedTokens >= generation.Settings.MaxTokens || conversation.TokenCount + 1 >= _model.ContextPerSequence)
            {
                End(active, i, () => generation.Finish(ChatFinishReason.Length));
                continue;
            }
            conversation.Prompt(token);
        }
    }

    private static void End(List<Sequence> active, int index, Action complete)
    {
        active[index].Conversation.Dispose();
        active.RemoveAt(index);
        complete();
    }

    private static void FailAll(List<Sequence> active, Exception exception)
    {
        foreach (var sequence in active)
        {
            sequence.Conversation.Dispose();
            sequence.Generation.Fail(exception);
        }
        active.Clear();
    }

    private sealed record Sequence(LlamaGeneration Generation, Conversation Conversation, StreamingTokenDecoder Decoder, TokenSampler Sampler);

    [LoggerMessage(Level = LogLevel.Error, Message = "llama.cpp decode failed with {Result}; {Count} requests in flight end with an error")]
    private static partial void LogDecodeFailed(ILogger logger, string result, int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The in-process model's decode loop failed; generations end with an error")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
