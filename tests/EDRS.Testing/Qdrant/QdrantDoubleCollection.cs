using Qdrant.Client.Grpc;

namespace EDRS.Testing.Qdrant;

/// <summary>One collection of the double: its vector parameters, points by id and payload indexes.</summary>
public sealed class QdrantDoubleCollection(string name, ulong dimensions, Distance distance)
{
    public string Name { get; } = name;

    public ulong Dimensions { get; } = dimensions;

    public Distance Distance { get; } = distance;

    public object Gate { get; } = new();

    /// <summary>Points by <see cref="QdrantDoubleIds.Key"/>.</summary>
    public Dictionary<string, QdrantDoublePoint> Points { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (FieldType Type, PayloadIndexParams? Params)> PayloadIndexes { get; } = new(StringComparer.Ordinal);

    public ulong NextOperation { get; set; }
}
