using System.Diagnostics.CodeAnalysis;

namespace EDRS.Vectors;

/// <summary>
/// Names one vector index: its <see cref="Kind"/> (what is indexed: <c>memory</c>, <c>knowledge</c>) and its
/// <see cref="Owner"/> (the grain identity it belongs to). Formatted <c>kind/owner</c>; parsed and formatted only here.
/// </summary>
/// <remarks>
/// The in-member store keeps one index per name. Qdrant keeps one collection per kind and partitions it by owner.
/// </remarks>
public readonly record struct VectorIndexName
{
    /// <summary>Longest owner accepted (a grain identity).</summary>
    public const int MaxOwnerLength = 256;

    public VectorIndexName(string kind, string owner)
    {
        if (!IsValidKind(kind))
            throw new ArgumentException($"Vector index kind must be 1-48 of a-z, 0-9 or '-', starting with a letter (got '{kind}').", nameof(kind));
        if (string.IsNullOrWhiteSpace(owner) || owner.Length > MaxOwnerLength)
            throw new ArgumentException($"Vector index owner must be a non-blank identity of at most {MaxOwnerLength} characters (got '{owner}').", nameof(owner));
        Kind = kind;
        Owner = owner;
    }

    /// <summary>What is indexed, e.g. <c>memory</c> or <c>knowledge</c>.</summary>
    public string Kind { get; }

    /// <summary>The grain identity the index belongs to.</summary>
    public string Owner { get; }

    public override string ToString() => $"{Kind}/{Owner}";

    /// <summary>Parses <c>kind/owner</c> (the owner may itself contain '/').</summary>
    public static VectorIndexName Parse(string text)
    {
        if (!TryParse(text, out var name))
            throw new FormatException($"A vector index name is 'kind/owner', e.g. 'memory/persona-42' (got '{text}').");
        return name;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out VectorIndexName name)
    {
        name = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash <= 0)
            return false;
        var kind = text[..slash];
        var owner = text[(slash + 1)..];
        if (!IsValidKind(kind) || string.IsNullOrWhiteSpace(owner) || owner.Length > MaxOwnerLength)
            return false;
        name = new VectorIndexName(kind, owner);
        return true;
    }

    private static bool IsValidKind(string? kind) =>
        kind is { Length: >= 1 and <= 48 } && kind[0] is >= 'a' and <= 'z'
        && kind.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
