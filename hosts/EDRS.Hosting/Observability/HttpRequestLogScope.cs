using System.Collections;
using EDRS.Grains.Runtime;
using Microsoft.AspNetCore.Http;

namespace EDRS.Hosting.Observability;

/// <summary>
/// The log scope of one HTTP or gRPC request: <c>request_id</c>, and <c>client_id</c> read from the authenticated
/// user's <c>client_id</c> claim when a line is written — so the scope can open at the very start of the pipeline,
/// before authentication has run, and still name the client in every line written after it.
/// </summary>
/// <remarks>
/// Kestrel reuses <see cref="HttpContext"/> objects: once the request is over, <see cref="Complete"/> keeps the client id
/// it had and lets go of the context, so a line written later by work the request started cannot read another
/// request's user.
/// </remarks>
internal sealed class HttpRequestLogScope(HttpContext context, string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private volatile HttpContext? _context = context;
    private string? _clientId;

    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new(EdrsLogScope.ClientIdKey, ClientId),
        1 => new(EdrsLogScope.RequestIdKey, requestId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    private string? ClientId => _context is { } live ? ClientIdOf(live) : _clientId;

    /// <summary>The request is over: remember its client and forget the context.</summary>
    public void Complete()
    {
        if (_context is { } live)
            _clientId = ClientIdOf(live);
        _context = null;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{EdrsLogScope.RequestIdKey}:{requestId}";

    private static string? ClientIdOf(HttpContext context) => context.User.FindFirst(RequestLogScopeMiddleware.ClientIdClaim)?.Value;
}
