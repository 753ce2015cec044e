using System.Collections.Frozen;

namespace EDRS.Persistence.EventTypes;

/// <summary>
/// The stored name of every domain event type. Names are pinned here (and handed to Marten's
/// <c>MapEventType</c>), so renaming or moving a C# type never orphans a stream.
/// </summary>
public sealed class EventTypeMap
{
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = [];
    private readonly Dictionary<Type, string> _topics = [];
    private FrozenDictionary<string, Type>? _frozenByName;
    private FrozenDictionary<Type, string>? _frozenByType;

    /// <summary>Pins <typeparamref name="TEvent"/>'s stored name.</summary>
    public EventTypeMap Map<TEvent>(string storedName) where TEvent : class => Map(typeof(TEvent), storedName);

    /// <summary>Pins <paramref name="type"/>'s stored name.</summary>
    public EventTypeMap Map(Type type, string storedName)
    {
        if (_frozenByName is not null)
            throw new InvalidOperationException("Event types must be mapped before the journal starts.");
        ArgumentException.ThrowIfNullOrWhiteSpace(storedName);
        if (_byName.TryGetValue(storedName, out var existing) && existing != type)
            throw new InvalidOperationException($"Stored event name '{storedName}' is mapped to both {existing} and {type}.");
        if (_byType.TryGetValue(type, out var existingName) && existingName != storedName)
            throw new InvalidOperationException($"Event type {type} is mapped to both '{existingName}' and '{storedName}'.");
        _byName[storedName] = type;
        _byType[type] = storedName;
        return this;
    }

    /// <summary>
    /// Marks <typeparamref name="TEvent"/> as leaving the cluster: whenever one is journaled, an outbox row for
    /// <paramref name="topic"/> (<c>domain.action</c>, the last part of its Pulsar topic name) is written in the same
    /// statement. The type must be mapped first.
    /// </summary>
    public EventTypeMap Publish<TEvent>(string topic) where TEvent : class
    {
        if (_frozenByName is not null)
            throw new InvalidOperationException("Event types must be mapped before the journal starts.");
        if (!_byType.ContainsKey(typeof(TEvent)))
            throw new InvalidOperationException($"Map {typeof(TEvent)} before publishing it.");
        if (!Outbox.OutboxTopics.IsValid(topic))
            throw new ArgumentException($"'{topic}' is not a domain.action topic name.", nameof(topic));
        _topics[typeof(TEvent)] = topic;
        return this;
    }

    /// <summary>The outbox topic of an event type, or null if it stays inside the cluster.</summary>
    public string? TopicOf(Type type) => _topics.GetValueOrDefault(type);

    /// <summary>Every published type with its topic.</summary>
    public IEnumerable<KeyValuePair<Type, string>> Topics => _topics;

    /// <summary>Every mapping, for store configuration.</summary>
    public IEnumerable<KeyValuePair<Type, string>> Mappings => _byType;

    /// <summary>The stored name of an event type.</summary>
    public string NameOf(Type type) =>
        ByType.TryGetValue(type, out var name)
            ? name
            : throw new InvalidOperationException($"Event type {type} has no stored name: map it in its kind's event registration.");

    /// <summary>The CLR type stored under <paramref name="storedName"/>.</summary>
    public Type TypeOf(string storedName) =>
        ByName.TryGetValue(storedName, out var type)
            ? type
            : throw new InvalidOperationException($"Stored event type '{storedName}' is not mapped to a CLR type.");

    private FrozenDictionary<string, Type> ByName => _frozenByName ??= _byName.ToFrozenDictionary(StringComparer.Ordinal);

    private FrozenDictionary<Type, string> ByType => _frozenByType ??= _byType.ToFrozenDictionary();
}
