using System.Collections;
using System.Linq.Expressions;
using Microsoft.Extensions.VectorData.ProviderServices;
using Microsoft.Extensions.VectorData.ProviderServices.Filter;
using EDRS.Vectors.Model;

namespace EDRS.Vectors.Filtering;

/// <summary>
/// Translates a filter expression into a <see cref="FilterNode"/>, or fails naming the shape it cannot translate. Both
/// stores accept exactly these shapes, so a filter that works in the member works against Qdrant:
/// <c>==</c>/<c>!=</c> between a property and a value (null included), <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>
/// on numbers and <see cref="DateTimeOffset"/>, <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>, a bool property on its own,
/// <c>record.Tags.Contains(value)</c> and <c>values.Contains(record.Field)</c>. Captured variables are read once, here.
/// </summary>
internal sealed class VectorFilterTranslator : FilterTranslatorBase
{
    private const string Supported =
        "supported: ==, != (a property against a value), <, <=, >, >= (numbers, DateTimeOffset), &&, ||, !, a bool property, tags.Contains(value), values.Contains(property)";

    private static readonly Type[] RangeTypes = [typeof(int), typeof(long), typeof(float), typeof(double), typeof(DateTimeOffset)];

    private static readonly Type[] EqualityTypes = [typeof(string), typeof(bool), typeof(int), typeof(long), typeof(float), typeof(double), typeof(DateTimeOffset), typeof(Guid)];

    public static FilterNode Translate(LambdaExpression filter, CollectionModel model)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var translator = new VectorFilterTranslator();
        var body = translator.PreprocessFilter(filter, model, new FilterPreprocessingOptions { SupportsParameterization = false });
        return translator.Node(body);
    }

    private FilterNode Node(Expression expression) => expression switch
    {
        BinaryExpression { NodeType: ExpressionType.AndAlso } and => new AllOf(Node(and.Left), Node(and.Right)),
        BinaryExpression { NodeType: ExpressionType.OrElse } or => new AnyOf(Node(or.Left), Node(or.Right)),
        UnaryExpression { NodeType: ExpressionType.Not } not => new NotFilter(Node(not.Operand)),
        BinaryExpression { NodeType: ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual
            or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual } comparison => Comparison(comparison),
        MethodCallExpression call when TryMatchContains(call, out var source, out var item) => Contains(call, source, item),
        MemberExpression member when member.Type == typeof(bool) && TryBindProperty(member, out var flag) => new FieldEquals(flag, true),
        _ => throw Unsupported(expression, "this kind of expression"),
    };

    private FilterNode Comparison(BinaryExpression comparison)
    {
        PropertyModel? property;
        object? value;
        var flipped = false;
        if (TryBindProperty(comparison.Left, out property) && TryEvaluate(comparison.Right, out value))
        {
        }
        else if (TryBindProperty(comparison.Right, out property) && TryEvaluate(comparison.Left, out value))
            flipped = true;
        else
            throw Unsupported(comparison, "a comparison must be between one record property and a value");

        var type = Nullable.GetUnderlyingType(property.Type) ?? property.Type;
        value = Coerce(value, type, comparison);
        switch (comparison.NodeType)
        {
            case ExpressionType.Equal or ExpressionType.NotEqual:
                if (!EqualityTypes.Contains(type))
                    throw Unsupported(comparison, $"equality on '{property.ModelName}' ({property.Type.Name})");
                FilterNode equals = new FieldEquals(property, value);
                return comparison.NodeType == ExpressionType.Equal ? equals : new NotFilter(equals);
            default:
                if (!RangeTypes.Contains(type))
                    throw Unsupported(comparison, $"a range comparison on '{property.ModelName}' ({property.Type.Name}); ranges work on numbers and DateTimeOffset");
                if (value is null)
                    throw Unsupported(comparison, "a range comparison with null");
                var op = comparison.NodeType switch
                {
                    ExpressionType.LessThan => flipped ? RangeOperator.GreaterThan : RangeOperator.LessThan,
                    ExpressionType.LessThanOrEqual => flipped ? RangeOperator.GreaterThanOrEqual : RangeOperator.LessThanOrEqual,
                    ExpressionType.GreaterThan => flipped ? RangeOperator.LessThan : RangeOperator.GreaterThan,
                    _ => flipped ? RangeOperator.LessThanOrEqual : RangeOperator.GreaterThanOrEqual,
                };
                return new FieldRange(property, op, value);
        }
    }

    private FilterNode Contains(MethodCallExpression call, Expression source, Expression item)
    {
        if (TryBindProperty(source, out var tags))
        {
            if (!VectorRecordModelBuilder.IsTagList(tags.Type))
                throw Unsupported(call, $"Contains on '{tags.ModelName}' ({tags.Type.Name}); tag filters work on string[] and List<string>");
            if (!TryEvaluate(item, out var tag) || tag is not string text)
                throw Unsupported(call, $"the tag looked for in '{tags.ModelName}' must be a non-null string value");
            return new TagContains(tags, text);
        }

        if (TryBindProperty(item, out var field) && TryEvaluate(source, out var values) && values is IEnumerable sequence)
        {
            var type = Nullable.GetUnderlyingType(field.Type) ?? field.Type;
            if (type != typeof(string) && type != typeof(int) && type != typeof(long))
                throw Unsupported(call, $"values.Contains on '{field.ModelName}' ({field.Type.Name}); it works on string, int and long fields");
            var list = new List<object>();
            foreach (var element in sequence)
                list.Add(Coerce(element, type, call) ?? throw Unsupported(call, "a null among the values of values.Contains"));
            return new FieldIn(field, list);
        }

        throw Unsupported(call, "Contains must be record.Tags.Contains(value) or values.Contains(record.Field)");
    }

    private static bool TryEvaluate(Expression expression, out object? value)
    {
        switch (expression)
        {
            case ConstantExpression constant:
                value = constant.Value;
                return true;
            case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert when TryEvaluate(convert.Operand, out var inner):
                value = inner;
                return true;
            case NewArrayExpression or ListInitExpression or NewExpression when !ReferencesParameter(expression):
                value = Expression.Lambda<Func<object?>>(Expression.Convert(expression, typeof(object))).Compile(preferInterpretation: true)();
                return true;
            default:
                value = null;
                return false;
        }
    }

    private static bool ReferencesParameter(Expression expression)
    {
        var finder = new ParameterFinder();
        finder.Visit(expression);
        return finder.Found;
    }

    private static object? Coerce(object? value, Type type, Expression at)
    {
        if (value is null || value.GetType() == type)
            return value;
        try
        {
            return type == typeof(DateTimeOffset) && value is DateTime dateTime ? new DateTimeOffset(dateTime)
                : type.IsEnum || value is IConvertible ? Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture)
                : throw new InvalidCastException();
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw Unsupported(at, $"the value {value} ({value.GetType().Name}) cannot be compared with a {type.Name} field");
        }
    }

    private static NotSupportedException Unsupported(Expression expression, string why) =>
        new($"Filter shape '{expression}' is not supported by EDRS vector indexes ({why}); {Supported}.");

    private sealed class ParameterFinder : ExpressionVisitor
    {
        public bool Found { get; private set; }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found = true;
            return node;
        }
    }
}
