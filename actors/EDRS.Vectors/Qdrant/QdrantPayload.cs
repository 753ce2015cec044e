using System.Globalization;
using EDRS.Vectors.Model;
using Google.Protobuf.Collections;
using Microsoft.Extensions.VectorData.ProviderServices;
using QdrantValue = Qdrant.Client.Grpc.Value;

namespace EDRS.Vectors.Qdrant;

/// <summary>
/// Record fields to and from a Qdrant payload: strings and Guids as strings, integers as integers, floats as doubles,
/// bools as bools, <see cref="DateTimeOffset"/> as RFC 3339 text (what Qdrant's datetime index and range parse), tag
/// lists as lists of strings, null as null. The owner goes in <see cref="OwnerField"/>, the tenant key of the collection.
/// </summary>
internal static class QdrantPayload
{
    /// <summary>The payload field holding the index owner; no record field may use this storage name.</summary>
    public const string OwnerField = "edrs_owner";

    public static QdrantValue ToValue(object? value) => value switch
    {
        null => new QdrantValue { NullValue = global::Qdrant.Client.Grpc.NullValue.NullValue },
        string text => new QdrantValue { StringValue = text },
        Guid id => new QdrantValue { StringValue = id.ToString("D") },
        bool flag => new QdrantValue { BoolValue = flag },
        int number => new QdrantValue { IntegerValue = number },
        long number => new QdrantValue { IntegerValue = number },
        float number => new QdrantValue { DoubleValue = number },
        double number => new QdrantValue { DoubleValue = number },
        DateTimeOffset time => new QdrantValue { StringValue = FormatTime(time) },
        IEnumerable<string> tags => List(tags),
        _ => throw new NotSupportedException($"No Qdrant payload form for {value.GetType().Name}."),
    };

    public static string FormatTime(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    public static object? FromValue(QdrantValue? value, Type type)
    {
        if (value is null || value.KindCase is QdrantValue.KindOneofCase.None or QdrantValue.KindOneofCase.NullValue)
            return null;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            return underlying switch
            {
                _ when underlying == typeof(string) => value.StringValue,
                _ when underlying == typeof(Guid) => Guid.Parse(value.StringValue),
                _ when underlying == typeof(bool) => value.BoolValue,
                _ when underlying == typeof(int) => checked((int)value.IntegerValue),
                _ when underlying == typeof(long) => value.IntegerValue,
                _ when underlying == typeof(float) => (float)Number(value),
                _ when underlying == typeof(double) => Number(value),
                _ when underlying == typeof(DateTimeOffset) => DateTimeOffset.Parse(value.StringValue, CultureInfo.InvariantCulture),
                _ when underlying == typeof(string[]) => Strings(value.ListValue.Values).ToArray(),
                _ when underlying == typeof(List<string>) => Strings(value.ListValue.Values).ToList(),
                _ => throw new NotSupportedException($"No Qdrant payload form for {type.Name}."),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new FormatException($"Qdrant returned a payload value that is not a {type.Name}: {value}", e);
        }
    }

    public static void Write(MapField<string, QdrantValue> payload, PropertyModel property, object record) =>
        payload[property.StorageName] = ToValue(property.GetValueAsObject(record));

    public static void Read(MapField<string, QdrantValue> payload, PropertyModel property, object record)
    {
        if (payload.TryGetValue(property.StorageName, out var value))
            property.SetValueAsObject(record, VectorRecordModel<object>.CopyValue(FromValue(value, property.Type)));
    }

    private static double Number(QdrantValue value) =>
        value.KindCase == QdrantValue.KindOneofCase.IntegerValue ? value.IntegerValue : value.DoubleValue;

    private static IEnumerable<string> Strings(RepeatedField<QdrantValue> values) => values.Select(v => v.StringValue);

    private static QdrantValue List(IEnumerable<string> tags)
    {
        var list = new global::Qdrant.Client.Grpc.ListValue();
        list.Values.AddRange(tags.Select(t => new QdrantValue { StringValue = t }));
        return new QdrantValue { ListValue = list };
    }
}
