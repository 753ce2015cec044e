namespace EDRS.Benchmarks.Fuzz;

/// <summary>One generated request: the operation it aims at, what was mutated, and the request as sent.</summary>
/// <param name="Operation">The operation's name (<c>POST /api/v1/events</c>).</param>
/// <param name="Mutation">What differs from the valid shape (<c>body.payload = [[[…</c>), for the report.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">Raw, percent-encoded path and query.</param>
/// <param name="Headers">Extra headers.</param>
/// <param name="ContentType">The body's media type, or null without a body.</param>
/// <param name="Body">The body as UTF-8 text.</param>
internal sealed record FuzzRequest(
    string Operation,
    string Mutation,
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    string? Body);
