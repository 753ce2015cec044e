using System.Text.Json.Nodes;

namespace EDRS.Benchmarks.Fuzz;

/// <summary>
/// Turns the operations into requests, deterministically from a seed: each request is an operation's valid shape (fresh
/// ids, so none is a replay) with exactly one thing changed — one JSON field at any depth replaced by a <see cref="FuzzValues"/>
/// value, removed, or joined by an unknown one; one path segment, query parameter, form field or header; or the whole body.
/// Operations take turns, so every endpoint gets the same share.
/// </summary>
internal sealed class FuzzRequestGenerator(IReadOnlyList<ApiOperation> operations, FuzzTargets targets, int seed)
{
    private const string Marker = "\u0001fuzz\u0001";
    private readonly Random _random = new(seed);

    public IEnumerable<FuzzRequest> Generate(int count)
    {
        for (var i = 0; i < count; i++)
            yield return Next(operations[i % operations.Count], i);
    }

    private FuzzRequest Next(ApiOperation operation, int index)
    {
        var path = operation.PathParameters.ToDictionary(p => p, targets.ValueOf);
        var query = new Dictionary<string, string>();
        var headers = operation.Headers.ToDictionary(h => h, h => $"fuzz-{index}", StringComparer.OrdinalIgnoreCase);
        var body = Fresh(operation.Body?.DeepClone(), index);
        if (operation.ContentType != "application/json" && body is JsonObject form)
        {
            foreach (var name in form.Select(p => p.Key).ToList())
                form[name] = targets.ValueOf(name);
        }
        var fields = body is null ? [] : Fields(body, "").ToList();
        string? rawBody = null;
        string mutation;

        // One target, chosen among everything the operation takes; 1 in 20 requests goes unchanged.
        var targetCount = path.Count + operation.QueryParameters.Count + headers.Count + (operation.ContentType is null ? 0 : fields.Count + 1);
        var pick = _random.Next(targetCount + Math.Max(1, targetCount / 19));
        if (pick >= targetCount)
        {
            mutation = "(valid shape)";
        }
        else if (pick < path.Count)
        {
            var name = path.Keys.ElementAt(pick);
            path[name] = Pick(FuzzValues.Url);
            mutation = $"path {name} = {path[name]}";
        }
        else if ((pick -= path.Count) < operation.QueryParameters.Count)
        {
            var name = operation.QueryParameters.Keys.ElementAt(pick);
            query[name] = Pick(FuzzValues.Url);
            mutation = $"query {name} = {query[name]}";
        }
        else if ((pick -= operation.QueryParameters.Count) < headers.Count)
        {
            var name = headers.Keys.ElementAt(pick);
            headers[name] = Pick(FuzzValues.Header);
            mutation = $"header {name} = {headers[name]}";
        }
        else if ((pick -= headers.Count) < fields.Count)
        {
            (mutation, rawBody) = MutateField(body!, fields[pick], operation.ContentType!);
        }
        else
        {
            rawBody = operation.ContentType == "application/json" ? Pick(FuzzValues.Documents) : Pick(FuzzValues.Url);
            mutation = "whole body";
        }

        rawBody ??= body is null ? null : Serialize(body, operation.ContentType!);
        var pathAndQuery = path.Aggregate(operation.PathTemplate, (p, v) => p.Replace($"{{{v.Key}}}", v.Value, StringComparison.Ordinal));
        if (query.Count > 0)
            pathAndQuery += "?" + string.Join('&', query.Select(q => $"{q.Key}={q.Value}"));
        return new FuzzRequest(operation.Name, Shorten(mutation), operation.Method, pathAndQuery, headers, operation.ContentType, rawBody);
    }

    /// <summary>Replaces, removes or adds next to one field; the new value is spliced in as raw text.</summary>
    private (string Mutation, string Body) MutateField(JsonNode body, FieldPath field, string contentType)
    {
        var form = contentType != "application/json";
        switch (_random.Next(10))
        {
            case 0:
                field.Parent.Remove(field.Name);
                return ($"{field.Path} missing", Serialize(body, contentType));
            case 1:
                field.Parent.Add("zz_unknown" + _random.Next(1000), 1);
                return ($"{field.Path} + unknown sibling", Serialize(body, contentType));
            default:
                var value = form ? Pick(FuzzValues.Url) : Pick(FuzzValues.Json);
                field.Parent.Set(field.Name, Marker);
                var text = Serialize(body, contentType);
                var marker = form ? Uri.EscapeDataString(Marker) : $"\"{Marker.Replace("\u0001", "\\u0001", StringComparison.Ordinal)}\"";
                return ($"{field.Path} = {value}", text.Replace(marker, value, StringComparison.Ordinal));
        }
    }

    /// <summary>Every field of the body at every depth (the first element of each array stands for the rest).</summary>
    private static IEnumerable<FieldPath> Fields(JsonNode node, string path)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj.ToList())
            {
                var at = path.Length == 0 ? name : $"{path}.{name}";
                yield return new FieldPath(at, new FieldParent(obj, null), name);
                if (value is not null)
                {
                    foreach (var inner in Fields(value, at))
                        yield return inner;
                }
            }
        }
        else if (node is JsonArray { Count: > 0 } array)
        {
            yield return new FieldPath($"{path}[0]", new FieldParent(null, array), "0");
            if (array[0] is { } first)
            {
                foreach (var inner in Fields(first, $"{path}[0]"))
                    yield return inner;
            }
        }
    }

    /// <summary>Ids that must be new for a request to be new: event ids, a hired persona's id.</summary>
    private static JsonNode? Fresh(JsonNode? node, int index)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name == "eventId")
                        obj[name] = Guid.CreateVersion7().ToString("D");
                    else if (name == "id" && value is JsonValue)
                        obj[name] = $"fz-{index}";
                    else
                        Fresh(value, index);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                    Fresh(item, index);
                break;
        }
        return node;
    }

    private static string Serialize(JsonNode body, string contentType) => contentType == "application/json"
        ? body.ToJsonString()
        : string.Join('&', body.AsObject().Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value?.ToString() ?? "")}"));

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    private static string Shorten(string text) => text.Length <= 80 ? text : $"{text[..77]}… ({text.Length:N0} chars)";

    private sealed record FieldPath(string Path, FieldParent Parent, string Name);

    /// <summary>The object or array holding a field, to change it in place.</summary>
    private sealed record FieldParent(JsonObject? Object, JsonArray? Array)
    {
        public void Remove(string name)
        {
            if (Object is not null)
                Object.Remove(name);
            else
                Array!.RemoveAt(int.Parse(name, System.Globalization.CultureInfo.InvariantCulture));
        }

        public void Add(string name, JsonNode value)
        {
            if (Object is not null)
                Object[name] = value;
            else
                Array!.Add(value);
        }

        public void Set(string name, string value)
        {
            if (Object is not null)
                Object[name] = value;
            else
                Array![int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
    }
}
