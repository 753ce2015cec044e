namespace EDRS.Actors.Knowledge.Sources;

/// <summary>
/// Which source URIs a collection lets re-ingest events fetch: an absolute http(s) URI is allowed when it has the
/// scheme, host and port of one of the collection's prefixes and its path lies under that prefix's path (whole path
/// segments: <c>https://wiki.example/docs</c> allows <c>/docs</c> and <c>/docs/a</c>, not <c>/docs-private</c>).
/// Query and fragment of a prefix are not allowed; user information never is (it would carry credentials).
/// </summary>
public static class SourceAllowList
{
    /// <summary>The problem with <paramref name="prefix"/> as an allow-list entry, or null when it is one.</summary>
    public static string? ProblemWithPrefix(string prefix)
    {
        if (string.IsNullOrWhiteSpace(prefix))
            return "must not be empty";
        if (prefix.Length > KnowledgeLimits.MaxUriLength)
            return $"must be at most {KnowledgeLimits.MaxUriLength} characters (was {prefix.Length})";
        if (!Uri.TryCreate(prefix, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "must be an absolute http or https URI";
        if (uri.UserInfo.Length > 0)
            return "must not carry user information";
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            return "must not have a query or a fragment";
        return null;
    }

    /// <summary>The problem with <paramref name="sourceUri"/> as a document's source, or null when it is one.</summary>
    public static string? ProblemWithSource(string sourceUri)
    {
        if (sourceUri.Length > KnowledgeLimits.MaxUriLength)
            return $"must be at most {KnowledgeLimits.MaxUriLength} characters (was {sourceUri.Length})";
        return Uri.TryCreate(sourceUri, UriKind.Absolute, out _) ? null : "must be an absolute URI";
    }

    /// <summary>True when <paramref name="sourceUri"/> lies under one of <paramref name="prefixes"/>.</summary>
    public static bool IsAllowed(IEnumerable<string> prefixes, string sourceUri)
    {
        if (!Uri.TryCreate(sourceUri, UriKind.Absolute, out var source) || source.Scheme is not ("http" or "https") || source.UserInfo.Length > 0)
            return false;
        foreach (var prefix in prefixes)
        {
            if (!Uri.TryCreate(prefix, UriKind.Absolute, out var allowed))
                continue;
            if (!string.Equals(allowed.Scheme, source.Scheme, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(allowed.IdnHost, source.IdnHost, StringComparison.OrdinalIgnoreCase)
                || allowed.Port != source.Port)
                continue;
            var under = allowed.AbsolutePath;
            var path = source.AbsolutePath;
            if (under.EndsWith('/') ? path.StartsWith(under, StringComparison.Ordinal)
                : path == under || path.StartsWith(under + "/", StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}
