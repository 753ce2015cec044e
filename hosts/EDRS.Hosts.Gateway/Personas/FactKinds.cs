using EDRS.Grains.Contracts.Personas;

namespace EDRS.Hosts.Gateway.Personas;

/// <summary>The REST spelling of fact kinds.</summary>
public static class FactKinds
{
    public const string Allowed = "preference, like, dislike, working-style, note";

    public static FactKind? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "preference" => FactKind.Preference,
        "like" => FactKind.Like,
        "dislike" => FactKind.Dislike,
        "working-style" or "working_style" => FactKind.WorkingStyle,
        "note" => FactKind.Note,
        _ => null,
    };

    public static string Format(FactKind kind) => kind switch
    {
        FactKind.Preference => "preference",
        FactKind.Like => "like",
        FactKind.Dislike => "dislike",
        FactKind.WorkingStyle => "working-style",
        FactKind.Note => "note",
        _ => "unspecified",
    };
}
