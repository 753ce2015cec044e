using System.Security.Cryptography;
using System.Text;

namespace EDRS.Knowledge.Documents.Parsing;

/// <summary>
/// The identity of a document's content: SHA-256 over its canonical text encoded as UTF-8, as 64 lowercase hex digits.
/// Hashing the canonical text rather than the bytes makes re-ingestion detectable even when only the container changed
/// (line ends, a BOM, markup that renders to the same text).
/// </summary>
public static class DocumentContentHash
{
    /// <summary>The hash of <paramref name="canonicalText"/>.</summary>
    public static string Compute(string canonicalText)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        var bytes = Encoding.UTF8.GetBytes(canonicalText);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
