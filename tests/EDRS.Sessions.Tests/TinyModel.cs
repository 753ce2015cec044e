using EDRS.Actors.Inference;
using EDRS.Testing.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EDRS.Sessions.Tests;

/// <summary>
/// The tiny GGUF model written by the test itself (no download), loaded once per test run through the real
/// LLamaSharp backend: a deterministic (greedy) chat client and the model's own tokenizer.
/// </summary>
public static class TinyModel
{
    private static readonly Lazy<string> File = new(() => TinyGgufModel.WriteToTempFile());

    private static readonly Lazy<ModelBackend> Loaded = new(() =>
        new ModelBackend(Options.Create(Settings()), NullLoggerFactory.Instance));

    public static string Path => File.Value;

    public static ModelBackend Backend => Loaded.Value;

    /// <summary>Inference settings that serve the tiny model in-process.</summary>
    public static InferenceOptions Settings() => new() { ModelPath = Path, MaxBatchSize = 4, ContextSize = 2048, DefaultMaxTokens = 16 };
}
