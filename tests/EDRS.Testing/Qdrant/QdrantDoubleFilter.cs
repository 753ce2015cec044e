using System.Globalization;
using Google.Protobuf.Collections;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace EDRS.Testing.Qdrant;

/// <summary>
/// Qdrant's filter semantics, for the double: must (all), should (at least one, when present), must_not (none);
/// match on a list payload value matches when any element matches; range on numbers (integers and doubles alike);
/// datetime_range parses RFC 3339 payload text and compares at microsecond precision, as Qdrant's datetime index does;
/// is_null matches an explicit null; is_empty a missing, null or empty value. Conditions the double does not implement
/// fail with Unimplemented, never silently.
/// </summary>
internal static class QdrantDoubleFilter
{
    public static bool Matches(Filter? filter, QdrantDoublePoint point)
    {
        if (filter is null)
            return true;
        if (filter.MinShould is not null)
            throw Unimplemented("min_should");
        return filter.Must.All(c => Matches(c, point))
            && (filter.Should.Count == 0 || filter.Should.Any(c => Matches(c, point)))
            && !filter.MustNot.Any(c => Matches(c, point));
    }

    private static bool Matches(Condition condition, QdrantDoublePoint point) => condition.ConditionOneOfCase switch
    {
        Condition.ConditionOneOfOneofCase.Field => Matches(condition.Field, point.Payload),
        Condition.ConditionOneOfOneofCase.Filter => Matches(condition.Filter, point),
        Condition.ConditionOneOfOneofCase.IsNull => point.Payload.TryGetValue(condition.IsNull.Key, out var value) && IsNull(value),
        Condition.ConditionOneOfOneofCase.IsEmpty => !point.Payload.TryGetValue(condition.IsEmpty.Key, out var value) || IsNull(value)
            || (value.KindCase == Value.KindOneofCase.ListValue && value.ListValue.Values.Count == 0),
        Condition.ConditionOneOfOneofCase.HasId => condition.HasId.HasId.Any(id => QdrantDoubleIds.Key(id) == QdrantDoubleIds.Key(point.Id)),
        _ => throw Unimplemented($"condition {condition.ConditionOneOfCase}"),
    };

    private static bool Matches(FieldCondition field, MapField<string, Value> payload)
    {
        if (!payload.TryGetValue(field.Key, out var value))
            return false;
        var values = value.KindCase == Value.KindOneofCase.ListValue ? value.ListValue.Values.ToList() : [value];
        if (field.Match is { } match)
            return values.Any(v => Matches(match, v));
        if (field.Range is { } range)
            return values.Any(v => v.KindCase is Value.KindOneofCase.IntegerValue or Value.KindOneofCase.DoubleValue && InRange(range, Number(v)));
        if (field.DatetimeRange is { } datetimes)
            return values.Any(v => v.KindCase == Value.KindOneofCase.StringValue && TryParseTime(v.StringValue, out var t) && InRange(datetimes, t));
        throw Unimplemented("this field condition (only match, range and datetime_range are)");
    }

    private static bool Matches(Match match, Value value) => match.MatchValueCase switch
    {
        Match.MatchValueOneofCase.Keyword => value.KindCase == Value.KindOneofCase.StringValue && value.StringValue == match.Keyword,
        Match.MatchValueOneofCase.Integer => value.KindCase == Value.KindOneofCase.IntegerValue && value.IntegerValue == match.Integer,
        Match.MatchValueOneofCase.Boolean => value.KindCase == Value.KindOneofCase.BoolValue && value.BoolValue == match.Boolean,
        Match.MatchValueOneofCase.Keywords => value.KindCase == Value.KindOneofCase.StringValue && match.Keywords.Strings.Contains(value.StringValue),
        Match.MatchValueOneofCase.Integers => value.KindCase == Value.KindOneofCase.IntegerValue && match.Integers.Integers.Contains(value.IntegerValue),
        _ => throw Unimplemented($"match {match.MatchValueCase}"),
    };

    private static bool InRange(global::Qdrant.Client.Grpc.Range range, double x) =>
        (!range.HasLt || x < range.Lt) && (!range.HasLte || x <= range.Lte) && (!range.HasGt || x > range.Gt) && (!range.HasGte || x >= range.Gte);

    private static bool InRange(DatetimeRange range, long micros) =>
        (range.Lt is null || micros < Micros(range.Lt.ToDateTimeOffset())) && (range.Lte is null || micros <= Micros(range.Lte.ToDateTimeOffset()))
        && (range.Gt is null || micros > Micros(range.Gt.ToDateTimeOffset())) && (range.Gte is null || micros >= Micros(range.Gte.ToDateTimeOffset()));

    private static bool TryParseTime(string text, out long micros)
    {
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time);
        micros = ok ? Micros(time) : 0;
        return ok;
    }

    private static long Micros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static double Number(Value value) => value.KindCase == Value.KindOneofCase.IntegerValue ? value.IntegerValue : value.DoubleValue;

    private static bool IsNull(Value value) => value.KindCase is Value.KindOneofCase.NullValue or Value.KindOneofCase.None;

    private static RpcException Unimplemented(string what) =>
        new(new Status(StatusCode.Unimplemented, $"The Qdrant double does not implement {what}."));
}
