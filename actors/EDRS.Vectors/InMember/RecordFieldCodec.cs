namespace EDRS.Vectors.InMember;

/// <summary>
/// Binary encoding of one record field in an in-member snapshot: a type code in the header, then per value a presence
/// byte and the value. Codes are stored in snapshots: never renumber them.
/// </summary>
internal static class RecordFieldCodec
{
    private const byte String = 1;
    private const byte Boolean = 2;
    private const byte Int32 = 3;
    private const byte Int64 = 4;
    private const byte Single = 5;
    private const byte Double = 6;
    private const byte DateTimeOffsetCode = 7;
    private const byte GuidCode = 8;
    private const byte StringArray = 9;
    private const byte StringList = 10;

    public static byte CodeOf(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(string) ? String
            : underlying == typeof(bool) ? Boolean
            : underlying == typeof(int) ? Int32
            : underlying == typeof(long) ? Int64
            : underlying == typeof(float) ? Single
            : underlying == typeof(double) ? Double
            : underlying == typeof(DateTimeOffset) ? DateTimeOffsetCode
            : underlying == typeof(Guid) ? GuidCode
            : underlying == typeof(string[]) ? StringArray
            : underlying == typeof(List<string>) ? StringList
            : throw new NotSupportedException($"No snapshot encoding for {type.Name}.");
    }

    public static void Write(BinaryWriter writer, byte code, object? value)
    {
        writer.Write(value is not null);
        switch (value)
        {
            case null:
                return;
            case string text when code == String:
                writer.Write(text);
                return;
            case bool flag:
                writer.Write(flag);
                return;
            case int number:
                writer.Write(number);
                return;
            case long number:
                writer.Write(number);
                return;
            case float number:
                writer.Write(number);
                return;
            case double number:
                writer.Write(number);
                return;
            case DateTimeOffset time:
                writer.Write(time.Ticks);
                writer.Write((short)time.Offset.TotalMinutes);
                return;
            case Guid id:
                writer.Write(id.ToByteArray());
                return;
            case IReadOnlyList<string> tags:
                writer.Write(tags.Count);
                foreach (var tag in tags)
                {
                    writer.Write(tag is not null);
                    if (tag is not null)
                        writer.Write(tag);
                }
                return;
            default:
                throw new NotSupportedException($"No snapshot encoding for {value.GetType().Name}.");
        }
    }

    public static object? Read(BinaryReader reader, byte code)
    {
        if (!reader.ReadBoolean())
            return null;
        switch (code)
        {
            case String: return reader.ReadString();
            case Boolean: return reader.ReadBoolean();
            case Int32: return reader.ReadInt32();
            case Int64: return reader.ReadInt64();
            case Single: return reader.ReadSingle();
            case Double: return reader.ReadDouble();
            case DateTimeOffsetCode:
                var ticks = reader.ReadInt64();
                return new DateTimeOffset(ticks, TimeSpan.FromMinutes(reader.ReadInt16()));
            case GuidCode: return new Guid(reader.ReadBytes(16));
            case StringArray or StringList:
                var count = reader.ReadInt32();
                if (count < 0)
                    throw new InvalidDataException($"A tag list in the snapshot claims {count} items.");
                var tags = new List<string>(Math.Min(count, 4_096));
                for (var i = 0; i < count; i++)
                    tags.Add(reader.ReadBoolean() ? reader.ReadString() : null!);
                return code == StringArray ? tags.ToArray() : tags;
            default:
                throw new InvalidDataException($"Unknown field type code {code} in the snapshot.");
        }
    }
}
