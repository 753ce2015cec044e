using EDRS.Actors.Inference;
using EDRS.Models.Inference;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EDRS.Testing.Models;

/// <summary>
/// The tiny GGUF model (<see cref="TinyGgufModel"/>), written once per test run by the test itself (no download):
/// its file for members and gateways configured with MODEL_PATH, and one copy loaded through the real LLamaSharp backend
/// for tests that wire the model into a member themselves — a deterministic (greedy) chat client and the model's own
/// tokenizer.
/// </summary>
public static class TinyModel
{
    private static readonly Lazy<string> File = new(() => TinyGgufModel.WriteToTempFile());

    private static readonly Lazy<ModelBackend> Loaded = new(() =>
        new ModelBackend(Options.Create(Settings()), NullLoggerFactory.Instance));

    /// <summary>MODEL_PATH of the tiny model.</summary>
    public static string Path => File.Value;

    /// <summary>The model loaded once per test process (never disposed: tests share it).</summary>
    public static ModelBackend Backend => Loaded.Value;

    /// <summary>Inference settings that serve the tiny model in-process.</summary>
    public static InferenceOptions Settings() => new() { ModelPath = Path, MaxBatchSize = 4, ContextSize = 2048, DefaultMaxTokens = 16 };
}
