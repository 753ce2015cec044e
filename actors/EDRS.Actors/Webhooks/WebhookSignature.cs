using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EDRS.Actors.Webhooks;

/// <summary>
/// The signature of a webhook request, header <c>X-EDRS-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where hex is the
/// lowercase HMAC-SHA256, keyed with the subscription's secret (its UTF-8 bytes), of <c>"&lt;t&gt;.&lt;body&gt;"</c>. A receiver
/// recomputes it over the raw body, compares in constant time, and refuses a <c>t</c> too far from its clock (replays).
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-EDRS-Signature";
    public const string EventTypeHeader = "X-EDRS-Event-Type";
    public const string DeliveryIdHeader = "X-EDRS-Delivery-Id";

    /// <summary>The header's value for <paramref name="body"/> sent at <paramref name="at"/>.</summary>
    public static string Sign(string secret, DateTimeOffset at, string body)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Hex(secret, t, body)}";
    }

    /// <summary>Whether <paramref name="header"/> is a valid signature of <paramref name="body"/> with <paramref name="secret"/>.</summary>
    public static bool Verify(string secret, string header, string body)
    {
        string? t = null, v1 = null;
        foreach (var part in header.Split(','))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
                t = part[2..];
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
                v1 = part[3..];
        }
        return t is not null && v1 is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hex(secret, t, body)), Encoding.ASCII.GetBytes(v1));
    }

    private static string Hex(string secret, string t, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")));
}
