namespace EDRS.Actors.Tools;

/// <summary>The bounds of tool definitions, checked by <see cref="ToolRegistryDecider"/>.</summary>
public static class ToolLimits
{
    public const int MaxTools = 200;
    public const int MaxDescriptionLength = 2_000;
    public const int MaxUrlLength = 2_000;
    public const int MaxSchemaBytes = 64 * 1024;
    public const int MaxHeaders = 20;
    public const int MaxHeaderValueLength = 4_000;
    public const int DefaultTimeoutSeconds = 30;
    public const int MaxTimeoutSeconds = 300;

    public const string NameRule = "must be 1..64 characters: lowercase letters, digits, '_' or '-', starting with a letter";

    public const string SecretRule = "must be 1..64 characters: letters, digits or '_' (a configuration key, Secrets__{tenant}__{name})";

    public static readonly IReadOnlySet<string> Methods = new HashSet<string>(StringComparer.Ordinal) { "GET", "POST", "PUT", "PATCH", "DELETE" };

    /// <summary>Headers a tool may not set: the transport's own, and the idempotency key every call carries.</summary>
    public static readonly IReadOnlySet<string> ReservedHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Idempotency-Key",
    };
}
