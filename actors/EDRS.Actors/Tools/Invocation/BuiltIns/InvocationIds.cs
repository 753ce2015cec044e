using System.Security.Cryptography;
using System.Text;

namespace EDRS.Actors.Tools.Invocation.BuiltIns;

/// <summary>Ids built-in tools derive from a call's idempotency key, so a repeated attempt addresses what the first one made.</summary>
public static class InvocationIds
{
    /// <summary><paramref name="prefix"/> + 32 hex of the key's hash: a valid entity id.</summary>
    public static string EntityId(string prefix, ToolInvocation invocation) =>
        $"{prefix}-{Convert.ToHexStringLower(Hash(invocation))[..32]}";

    /// <summary>
    /// A UUIDv7 (an inbound event id) whose time is the attempt's start and whose other bits come from the key's hash: the
    /// same for every repeat of the attempt, so the event's deduplication makes its publication happen once.
    /// </summary>
    public static Guid EventId(ToolInvocation invocation)
    {
        var bytes = Hash(invocation)[..16];
        var milliseconds = invocation.AttemptStartedAt.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    private static byte[] Hash(ToolInvocation invocation) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{invocation.Tenant}\n{invocation.Tool}\n{invocation.IdempotencyKey}"));
}
