using System.Text;
using Google.Protobuf.Reflection;

namespace EDRS.Grains.Runtime;

/// <summary>
/// Walks a serialized protobuf message by its descriptor, without building it, to find the first string whose bytes are
/// not UTF-8 or hold NUL — what a parser refuses naming no field (Google.Protobuf throws "String is invalid UTF-8"), or
/// other parsers take in altered (U+FFFD). Nested messages, repeated fields and map entries are followed; everything else
/// is skipped by its wire type. A message that does not parse at all is reported too.
/// </summary>
/// <remarks>Hand-written: protobuf's parsers check strings only while building the message, and name no field.</remarks>
internal static class ProtoWire
{
    private const int MaxDepth = 100;
    private const int LengthDelimited = 2;

    /// <summary>The first bad string of <paramref name="message"/> (of type <paramref name="type"/>) under <paramref name="path"/>, or null.</summary>
    public static TextViolation? FindBadString(MessageDescriptor type, ReadOnlySpan<byte> message, string path, FieldNaming naming, int depth = 0)
    {
        if (depth > MaxDepth)
            return new(path, "nests messages too deeply");
        Dictionary<int, int>? occurrences = null;
        var at = 0;
        while (at < message.Length)
        {
            if (!TryNext(message, ref at, out var number, out var wireType, out var value))
                return Malformed(path, type);
            var bytes = message[value];
            if (wireType != LengthDelimited || type.FindFieldByNumber(number) is not { FieldType: FieldType.String or FieldType.Message } field)
                continue;
            var name = Join(path, naming == FieldNaming.Json ? field.JsonName : field.Name);
            if (field.IsRepeated && !field.IsMap)
            {
                occurrences ??= [];
                var index = occurrences.GetValueOrDefault(number);
                occurrences[number] = index + 1;
                name = $"{name}[{index}]";
            }
            var violation = field.IsMap ? InMapEntry(field.MessageType, bytes, name, naming, depth)
                : field.FieldType == FieldType.String ? TextHygiene.InUtf8(name, bytes)
                : FindBadString(field.MessageType, bytes, name, naming, depth + 1);
            if (violation is not null)
                return violation;
        }
        return null;
    }

    /// <summary>A map entry (key = field 1, value = field 2): a string key must be good text; the value is named under its key.</summary>
    private static TextViolation? InMapEntry(MessageDescriptor entryType, ReadOnlySpan<byte> entry, string path, FieldNaming naming, int depth)
    {
        Range key = default, value = default;
        var hasValue = false;
        var at = 0;
        while (at < entry.Length)
        {
            if (!TryNext(entry, ref at, out var number, out var wireType, out var bytes))
                return Malformed(path, entryType);
            if (wireType != LengthDelimited)
                continue;
            if (number == 1)
                key = bytes;
            else if (number == 2)
                (value, hasValue) = (bytes, true);
        }
        var keyField = entryType.FindFieldByNumber(1);
        if (keyField.FieldType == FieldType.String && TextHygiene.InUtf8(path, entry[key]) is not null)
            return new(path, "has a key that is not valid UTF-8 or holds NUL (U+0000)");
        var valueField = entryType.FindFieldByNumber(2);
        var valuePath = keyField.FieldType == FieldType.String ? $"{path}.{Encoding.UTF8.GetString(entry[key])}" : path;
        return !hasValue ? null
            : valueField.FieldType == FieldType.String ? TextHygiene.InUtf8(valuePath, entry[value])
            : valueField.FieldType == FieldType.Message ? FindBadString(valueField.MessageType, entry[value], valuePath, naming, depth + 1)
            : null;
    }

    /// <summary>Reads the next field: its number, wire type and, when length-delimited, where its bytes are. False if the bytes end too soon.</summary>
    private static bool TryNext(ReadOnlySpan<byte> message, ref int at, out int number, out int wireType, out Range value)
    {
        value = default;
        number = wireType = 0;
        if (!TryVarint(message, ref at, out var tag) || tag >> 3 is 0 or > int.MaxValue)
            return false;
        number = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        switch (wireType)
        {
            case 0:
                return TryVarint(message, ref at, out _);
            case 1:
                return (at += 8) <= message.Length;
            case 5:
                return (at += 4) <= message.Length;
            case LengthDelimited:
                if (!TryVarint(message, ref at, out var length) || length > (ulong)(message.Length - at))
                    return false;
                value = at..(at + (int)length);
                at += (int)length;
                return true;
            default:
                // Groups (3, 4) are not used by proto3 contracts; 6 and 7 do not exist.
                return false;
        }
    }

    private static bool TryVarint(ReadOnlySpan<byte> message, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && at < message.Length; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return true;
        }
        return false;
    }

    private static TextViolation Malformed(string path, MessageDescriptor type) => new(path, $"is not a valid {type.Name} message");

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
