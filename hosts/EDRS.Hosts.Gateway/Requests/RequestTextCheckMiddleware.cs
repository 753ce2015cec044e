using EDRS.Grains.Runtime;
using Microsoft.AspNetCore.Http.Features;

namespace EDRS.Hosts.Gateway.Requests;

/// <summary>
/// The edges' shared text check (<see cref="TextHygiene"/>) on every REST request, before its endpoint runs: NUL and
/// unpaired UTF-16 surrogates are a 400 naming the field wherever they come — a query parameter, a route value, any
/// string value or property name of a JSON body at any depth (<c>text</c>, <c>payload.note</c>, <c>skills[2]</c>,
/// <c>events[1].metadata.k</c>; a property name is reported on the object that holds it, <c>body</c> at the top). New
/// endpoints are covered without a line of their own.
/// </summary>
/// <remarks>
/// Query parameters are checked as sent, percent-decoded to bytes: they must be UTF-8 without NUL. The framework would
/// decode any other bytes (<c>%ED%A0%80</c>, the CESU-8 form of a lone surrogate) to U+FFFD, silently changing the
/// text. JSON bodies are read once here and handed on from memory; bodies over the size limit were refused before.
/// </remarks>
internal sealed class RequestTextCheckMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (Grpc.GrpcCalls.IsGrpc(context))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var request = context.Request;
        var violation = InQuery(request.QueryString) ?? InRoute(request.RouteValues) ?? await InJsonBodyAsync(request).ConfigureAwait(false);
        if (violation is not null)
        {
            await RequestValidation.Invalid(violation.Field.Length > 0 ? violation.Field : "body", violation.Description).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    private static TextViolation? InQuery(QueryString query)
    {
        if (!query.HasValue)
            return null;
        if (TextHygiene.InText("query", query.Value) is { } raw)
            return raw;
        foreach (var pair in query.Value!.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var rawName = equals < 0 ? pair : pair[..equals];
            var name = PercentDecoded(rawName);
            if (TextHygiene.InUtf8("query", name) is { } badName)
                return badName;
            var field = System.Text.Encoding.UTF8.GetString(name);
            if (equals >= 0 && TextHygiene.InUtf8(field, PercentDecoded(pair[(equals + 1)..])) is { } badValue)
                return badValue;
        }
        return null;
    }

    private static TextViolation? InRoute(RouteValueDictionary values)
    {
        foreach (var (name, value) in values)
        {
            if (value is string text && TextHygiene.InText(name, text) is { } violation)
                return violation;
        }
        return null;
    }

    /// <summary>Reads a JSON body into memory, checks it, and puts it back as the request's body for the endpoint.</summary>
    private static async Task<TextViolation?> InJsonBodyAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType() || request.ContentLength == 0
            || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
            return null;
        var body = new MemoryStream(request.ContentLength is { } length and <= int.MaxValue ? (int)length : 16 * 1024);
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted).ConfigureAwait(false);
        body.Position = 0;
        request.Body = body;
        request.HttpContext.Response.RegisterForDispose(body);
        return TextHygiene.InJson(body.GetBuffer().AsSpan(0, (int)body.Length));
    }

    /// <summary>The bytes a query component stands for: <c>%XX</c> decoded, <c>+</c> a space, malformed escapes kept as they are.</summary>
    private static byte[] PercentDecoded(string component)
    {
        var bytes = new List<byte>(component.Length);
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (c == '%' && i + 2 < component.Length && Uri.IsHexDigit(component[i + 1]) && Uri.IsHexDigit(component[i + 2]))
            {
                bytes.Add((byte)Convert.ToInt32(component.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                // Text the server already decoded (the raw query was checked: surrogates come in pairs).
                var length = char.IsHighSurrogate(c) ? 2 : 1;
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(component.ToCharArray(i, length)));
                i += length - 1;
            }
        }
        return [.. bytes];
    }
}
