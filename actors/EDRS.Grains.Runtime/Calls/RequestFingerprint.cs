using System.Collections;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace EDRS.Grains.Runtime;

/// <summary>
/// What a request asks for, as a short stable hash: the operation, the grain it addresses and the request message in a
/// canonical form — without its request id (the name of the request, not what it asks) and without the field that
/// repeats the grain key (optional in commands, so <c>""</c> and the key mean the same), map entries in key order. A
/// request id remembered with one fingerprint and presented with another is a different request reusing the id.
/// </summary>
public static class RequestFingerprint
{
    /// <summary>The field every command carries its request id in.</summary>
    public const string RequestIdField = "request_id";

    /// <summary>The fingerprint of <paramref name="request"/> as a call of <paramref name="operation"/> to the grain <paramref name="key"/>.</summary>
    /// <param name="operation">What is asked: the rpc's full name (<c>edrs.personas.v1.PersonaGrain/ForgetPerson</c>).</param>
    /// <param name="key">The grain key (the tenant is the caller's and not part of it).</param>
    /// <param name="request">The request message; not changed.</param>
    /// <param name="keyField">The request field that repeats the grain key (<c>persona_id</c>), if any.</param>
    public static string Of(string operation, string key, IMessage request, string? keyField = null)
    {
        var canonical = request.Descriptor.Parser.ParseFrom(request.ToByteString());
        Clear(canonical, RequestIdField);
        if (keyField is not null)
            Clear(canonical, keyField);
        SortMaps(canonical);
        return Of(operation, key, canonical.ToByteArray());
    }

    /// <summary>The fingerprint of an operation on <paramref name="target"/> with a body already in canonical form.</summary>
    public static string Of(string operation, string target, ReadOnlySpan<byte> canonicalBody)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, operation);
        Append(hash, target);
        hash.AppendData(canonicalBody);
        // 128 bits: collisions between two requests of one tenant under one key are out of reach.
        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 16));
    }

    /// <summary>True when <paramref name="fingerprint"/> has the shape <see cref="Of(string, string, IMessage, string?)"/> produces.</summary>
    public static bool IsFingerprint(string? fingerprint) =>
        fingerprint is { Length: 32 } && fingerprint.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;

    private static void Append(IncrementalHash hash, string text)
    {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        var bytes = Encoding.UTF8.GetBytes(text);
        hash.AppendData(BitConverter.GetBytes(bytes.Length));
        hash.AppendData(bytes);
    }

    private static void Clear(IMessage message, string fieldName)
    {
        if (message.Descriptor.FindFieldByName(fieldName) is { FieldType: FieldType.String, IsRepeated: false } field)
            field.Accessor.Clear(message);
    }

    /// <summary>Map entries are written in insertion order; equal maps built in another order must hash the same.</summary>
    private static void SortMaps(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message && field.FieldType != FieldType.Group)
                continue;
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var map = (IDictionary)value;
                var entries = map.Keys.Cast<object>().Select(k => (Key: k, Value: map[k])).OrderBy(e => e.Key, KeyOrder.Instance).ToList();
                map.Clear();
                foreach (var (k, v) in entries)
                {
                    if (v is IMessage nested)
                        SortMaps(nested);
                    map.Add(k, v);
                }
            }
            else if (field.IsRepeated)
            {
                foreach (var item in (IEnumerable)value)
                {
                    if (item is IMessage nested)
                        SortMaps(nested);
                }
            }
            else if (value is IMessage nested)
            {
                SortMaps(nested);
            }
        }
    }

    /// <summary>Map keys are strings, integers or booleans: ordinal order for strings, numeric order otherwise.</summary>
    private sealed class KeyOrder : IComparer<object>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(object? x, object? y) => (x, y) switch
        {
            (string a, string b) => string.CompareOrdinal(a, b),
            (IComparable a, _) => a.CompareTo(y),
            _ => 0,
        };
    }
}
