using System.Diagnostics.Metrics;
using EDRS.Actors.Inference;

namespace EDRS.Models.Inference;

/// <summary>The inference meter: batches, decode steps, generated tokens, shed and timed-out requests.</summary>
public static class InferenceMetrics
{
    public const string MeterName = "EDRS.Inference";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Model batches an inference grain ran (tag <c>model</c>); each holds up to MAX_BATCH_SIZE requests.</summary>
    public static readonly Counter<long> Batches = Meter.CreateCounter<long>("edrs.inference.batches", description: "Model batches run by inference grains");

    /// <summary>Requests per model batch.</summary>
    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("edrs.inference.batch_size", description: "Requests per model batch");

    /// <summary>Decode calls of the in-process model (one llama_decode for every sequence in flight).</summary>
    public static readonly Counter<long> DecodeSteps = Meter.CreateCounter<long>("edrs.inference.decode_steps", description: "llama.cpp decode calls");

    /// <summary>Sequences decoded together in one decode call.</summary>
    public static readonly Histogram<int> SequencesPerDecode = Meter.CreateHistogram<int>("edrs.inference.sequences_per_decode", description: "Sequences per llama.cpp decode call");

    public static readonly Counter<long> Tokens = Meter.CreateCounter<long>("edrs.inference.tokens", "{token}", "Tokens generated");

    /// <summary>Requests refused because the queue was full (RESOURCE_EXHAUSTED).</summary>
    public static readonly Counter<long> Shed = Meter.CreateCounter<long>("edrs.inference.shed", description: "Requests shed because the queue was full");

    public static readonly Counter<long> TimedOut = Meter.CreateCounter<long>("edrs.inference.timed_out", description: "Generations stopped at INFERENCE_TIMEOUT_SECONDS");

    public static readonly Counter<long> Cancelled = Meter.CreateCounter<long>("edrs.inference.cancelled", description: "Generations cancelled by their caller");
}
