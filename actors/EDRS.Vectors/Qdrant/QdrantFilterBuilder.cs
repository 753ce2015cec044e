using EDRS.Vectors.Filtering;
using Google.Protobuf.WellKnownTypes;
using Qdrant.Client.Grpc;
using Range = Qdrant.Client.Grpc.Range;

namespace EDRS.Vectors.Qdrant;

/// <summary>
/// Turns a <see cref="FilterNode"/> into a Qdrant filter: equality into <c>match</c> (keyword, integer, boolean) or a
/// closed range (floats, datetimes), ranges into <c>range</c>/<c>datetime_range</c>, tags into a keyword match on the
/// list (Qdrant matches a list when any element matches), <c>values.Contains</c> into <c>match any</c>, null equality
/// into <c>is_null</c>, and <c>&amp;&amp;</c>/<c>||</c>/<c>!</c> into must/should/must_not of nested filters.
/// </summary>
internal static class QdrantFilterBuilder
{
    /// <summary>The owner's partition, and the caller's filter when there is one.</summary>
    public static Filter ForOwner(string owner, FilterNode? filter)
    {
        var result = new Filter();
        result.Must.Add(new Condition { Field = new FieldCondition { Key = QdrantPayload.OwnerField, Match = new Match { Keyword = owner } } });
        if (filter is not null)
            result.Must.Add(ToCondition(filter));
        return result;
    }

    private static Condition ToCondition(FilterNode node) => node switch
    {
        AllOf all => Nested(f => { f.Must.Add(ToCondition(all.Left)); f.Must.Add(ToCondition(all.Right)); }),
        AnyOf any => Nested(f => { f.Should.Add(ToCondition(any.Left)); f.Should.Add(ToCondition(any.Right)); }),
        NotFilter not => Nested(f => f.MustNot.Add(ToCondition(not.Inner))),
        FieldEquals { Value: null } isNull => new Condition { IsNull = new IsNullCondition { Key = isNull.Field.StorageName } },
        FieldEquals equals => Equality(equals.Field.StorageName, equals.Value),
        FieldRange range => Range(range),
        TagContains tag => Field(tag.Field.StorageName, f => f.Match = new Match { Keyword = tag.Tag }),
        FieldIn { Values: var values } @in when values.All(v => v is string) =>
            Field(@in.Field.StorageName, f => f.Match = new Match { Keywords = Strings(values.Cast<string>()) }),
        FieldIn @in => Field(@in.Field.StorageName, f => f.Match = new Match { Integers = Integers(@in.Values.Select(Convert.ToInt64)) }),
        _ => throw new NotSupportedException($"Filter node {node} has no Qdrant form."),
    };

    private static Condition Equality(string key, object value) => value switch
    {
        string text => Field(key, f => f.Match = new Match { Keyword = text }),
        Guid id => Field(key, f => f.Match = new Match { Keyword = id.ToString("D") }),
        bool flag => Field(key, f => f.Match = new Match { Boolean = flag }),
        int or long => Field(key, f => f.Match = new Match { Integer = Convert.ToInt64(value) }),
        float or double => Field(key, f => f.Range = new Range { Gte = Convert.ToDouble(value), Lte = Convert.ToDouble(value) }),
        DateTimeOffset time => Field(key, f => f.DatetimeRange = new DatetimeRange { Gte = Timestamp.FromDateTimeOffset(time), Lte = Timestamp.FromDateTimeOffset(time) }),
        _ => throw new NotSupportedException($"Equality with a {value.GetType().Name} has no Qdrant form."),
    };

    private static Condition Range(FieldRange range)
    {
        if (range.Value is DateTimeOffset time)
        {
            var bound = Timestamp.FromDateTimeOffset(time);
            var datetimes = new DatetimeRange();
            switch (range.Operator)
            {
                case RangeOperator.LessThan: datetimes.Lt = bound; break;
                case RangeOperator.LessThanOrEqual: datetimes.Lte = bound; break;
                case RangeOperator.GreaterThan: datetimes.Gt = bound; break;
                default: datetimes.Gte = bound; break;
            }
            return Field(range.Field.StorageName, f => f.DatetimeRange = datetimes);
        }

        var number = Convert.ToDouble(range.Value, System.Globalization.CultureInfo.InvariantCulture);
        var numbers = new Range();
        switch (range.Operator)
        {
            case RangeOperator.LessThan: numbers.Lt = number; break;
            case RangeOperator.LessThanOrEqual: numbers.Lte = number; break;
            case RangeOperator.GreaterThan: numbers.Gt = number; break;
            default: numbers.Gte = number; break;
        }
        return Field(range.Field.StorageName, f => f.Range = numbers);
    }

    private static Condition Field(string key, Action<FieldCondition> configure)
    {
        var field = new FieldCondition { Key = key };
        configure(field);
        return new Condition { Field = field };
    }

    private static Condition Nested(Action<Filter> configure)
    {
        var filter = new Filter();
        configure(filter);
        return new Condition { Filter = filter };
    }

    private static RepeatedStrings Strings(IEnumerable<string> values)
    {
        var strings = new RepeatedStrings();
        strings.Strings.AddRange(values);
        return strings;
    }

    private static RepeatedIntegers Integers(IEnumerable<long> values)
    {
        var integers = new RepeatedIntegers();
        integers.Integers.AddRange(values);
        return integers;
    }
}
