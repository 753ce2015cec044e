namespace EDRS.Pulsar;

/// <summary>Pulsar topic names: <c>{persistent|non-persistent}://tenant/namespace/topic</c>; a bare name means <c>persistent://public/default/name</c>.</summary>
public static class TopicName
{
    /// <summary>The fully qualified form of <paramref name="topic"/>; throws <see cref="ArgumentException"/> naming <paramref name="field"/> when malformed.</summary>
    public static string Normalize(string? topic, string field = "Topic")
    {
        if (string.IsNullOrWhiteSpace(topic))
            throw new ArgumentException($"{field} is required (persistent://tenant/namespace/topic).", field);
        var schemeEnd = topic.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            if (topic.Contains('/', StringComparison.Ordinal))
                throw new ArgumentException($"{field} '{topic}' must be persistent://tenant/namespace/topic or a bare topic name.", field);
            return Check($"persistent://public/default/{topic}", field);
        }

        var scheme = topic[..schemeEnd];
        if (scheme is not ("persistent" or "non-persistent"))
            throw new ArgumentException($"{field} '{topic}' must start with persistent:// or non-persistent://.", field);
        return Check(topic, field);
    }

    private static string Check(string topic, string field)
    {
        var path = topic[(topic.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var parts = path.Split('/');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || p.Any(char.IsWhiteSpace)))
            throw new ArgumentException($"{field} '{topic}' must be scheme://tenant/namespace/topic with three non-empty parts and no whitespace.", field);
        return topic;
    }
}
