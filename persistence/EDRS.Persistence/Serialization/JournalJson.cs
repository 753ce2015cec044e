using System.Text.Json;
using System.Text.Json.Serialization;

namespace EDRS.Persistence.Serialization;

/// <summary>
/// The one JSON shape of events and snapshots: camelCase properties, enums as integers (Marten's
/// default enum storage), so what the group-commit writer stores is exactly what Marten reads.
/// </summary>
public static class JournalJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            WriteIndented = false,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
