using EDRS.Testing.Models;

namespace EDRS.Inference.Tests;

/// <summary>The tiny GGUF model, written once per test run by the test itself (no download).</summary>
public static class TinyModel
{
    private static readonly Lazy<string> File = new(() => TinyGgufModel.WriteToTempFile());

    public static string Path => File.Value;
}
