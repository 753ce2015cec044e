namespace EDRS.Testing.Http;

/// <summary>One request the <see cref="RecordingHttpServer"/> received.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ReceivedAt)
{
    /// <summary>A header's value (case-insensitive name), or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? IdempotencyKey => Header("Idempotency-Key");
}
