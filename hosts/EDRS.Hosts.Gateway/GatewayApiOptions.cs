namespace EDRS.Hosts.Gateway;

/// <summary>Limits of the REST facade (section <c>Api</c>; environment variables <c>Api__...</c>).</summary>
public sealed class GatewayApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest REST request body in bytes; larger ones get 413. Default 1 MiB (a full profile is ~30 KB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public IReadOnlyList<string> Validate() =>
        MaxRequestBodyBytes is >= 1024 and <= 100 * 1024 * 1024
            ? []
            : [$"Api:MaxRequestBodyBytes must be 1 KiB..100 MiB (was {MaxRequestBodyBytes}): set Api__MaxRequestBodyBytes."];
}
