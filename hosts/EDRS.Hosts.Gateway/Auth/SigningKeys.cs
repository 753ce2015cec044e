using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>The local issuer's HS256 key, from its base64 configuration value.</summary>
public static class SigningKeys
{
    /// <summary>HS256 wants a key at least as long as its 256-bit output.</summary>
    public const int MinBytes = 32;

    /// <summary>The key bytes, or null if <paramref name="base64"/> is not base64 of at least <see cref="MinBytes"/> bytes.</summary>
    public static byte[]? Decode(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
            return null;
        try
        {
            var bytes = Convert.FromBase64String(base64);
            return bytes.Length >= MinBytes ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static SymmetricSecurityKey Create(string base64) =>
        new(Decode(base64) ?? throw new InvalidOperationException("Auth:SigningKey is not a valid key (the options validator should have stopped the host)."))
        {
            KeyId = "edrs-local",
        };

    /// <summary>A fresh random key, base64: Development's key when none is configured.</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinBytes));
}
