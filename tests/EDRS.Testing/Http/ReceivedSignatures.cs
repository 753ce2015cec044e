using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EDRS.Testing.Http;

/// <summary>
/// What a webhook receiver does with <c>X-EDRS-Signature: t=…,v1=…</c>, written out independently of the product's own
/// code: HMAC-SHA256 of <c>"{t}.{body}"</c> keyed with the secret, lowercase hex, compared with v1.
/// </summary>
public static class ReceivedSignatures
{
    /// <summary>Whether the request carries a valid signature by <paramref name="secret"/>, with a timestamp within five minutes of now.</summary>
    public static bool IsSignedWith(this RecordedRequest request, string secret)
    {
        if (request.Header("X-EDRS-Signature") is not { } header)
            return false;
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, CultureInfo.InvariantCulture, out var unix))
            return false;
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - unix) > 300)
            return false;
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{request.Body}")));
        return expected == v1;
    }
}
