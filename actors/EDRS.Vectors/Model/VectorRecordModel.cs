using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace EDRS.Vectors.Model;

/// <summary>
/// A record type as both stores see it: its key, its one vector and its data fields, with the copying and validation
/// they share. Records handed in are never kept: the index keeps its own copies and hands out new ones.
/// </summary>
internal sealed class VectorRecordModel<TRecord>
    where TRecord : class
{
    private VectorRecordModel(CollectionModel model)
    {
        Model = model;
        Key = model.KeyProperty;
        Vector = model.VectorProperty;
        Data = model.DataProperties;
        Dimensions = Vector.Dimensions;
    }

    public CollectionModel Model { get; }

    public KeyPropertyModel Key { get; }

    public VectorPropertyModel Vector { get; }

    public IReadOnlyList<DataPropertyModel> Data { get; }

    public int Dimensions { get; }

    public static VectorRecordModel<TRecord> Build(VectorStoreCollectionDefinition? definition)
    {
        if (typeof(TRecord) == typeof(Dictionary<string, object?>))
            throw new NotSupportedException("EDRS vector indexes map record classes, not dictionaries.");
        return new VectorRecordModel<TRecord>(new VectorRecordModelBuilder().Build(typeof(TRecord), typeof(string), definition, defaultEmbeddingGenerator: null));
    }

    /// <summary>The record's key; a null or blank key is rejected naming the key property.</summary>
    public string KeyOf(TRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = Key.GetValueAsObject(record) as string;
        if (string.IsNullOrWhiteSpace(key))
            throw new ArgumentException($"Record key '{Key.ModelName}' is null or blank.", nameof(record));
        return key;
    }

    /// <summary>A copy of the record's vector, validated (dimensions, finite, not zero), scaled to unit length.</summary>
    public float[] VectorOf(TRecord record, string key)
    {
        var value = Vector.GetValueAsObject(record);
        ReadOnlyMemory<float> vector = value switch
        {
            ReadOnlyMemory<float> memory => memory,
            float[] array => array,
            null => throw new ArgumentException($"Vector '{Vector.ModelName}' of record '{key}' is missing.", nameof(record)),
            _ => throw new ArgumentException($"Vector '{Vector.ModelName}' of record '{key}' is a {value.GetType().Name}.", nameof(record)),
        };
        var copy = vector.ToArray();
        VectorChecks.ThrowIfUnusable(copy, Dimensions, $"Vector '{Vector.ModelName}' of record '{key}'");
        return VectorChecks.Normalise(copy);
    }

    /// <summary>The query vector of a search, from the input types the stores accept, scaled to unit length.</summary>
    public float[] QueryVectorOf<TInput>(TInput searchValue)
    {
        ReadOnlyMemory<float> vector = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory,
            float[] array => array,
            Embedding<float> embedding => embedding.Vector,
            _ => throw new NotSupportedException(
                $"Search input of type {typeof(TInput).Name} is not supported: pass the query embedding as ReadOnlyMemory<float>, float[] or Embedding<float> (EDRS vector indexes do not generate embeddings)."),
        };
        var copy = vector.ToArray();
        VectorChecks.ThrowIfUnusable(copy, Dimensions, "The search vector");
        return VectorChecks.Normalise(copy);
    }

    /// <summary>The index's own copy of a record: key and data fields, no vector (the index holds vectors apart).</summary>
    public TRecord StoredCopyOf(TRecord record)
    {
        var copy = Model.CreateRecord<TRecord>();
        Key.SetValueAsObject(copy, Key.GetValueAsObject(record));
        foreach (var data in Data)
            data.SetValueAsObject(copy, CopyValue(data.GetValueAsObject(record)));
        return copy;
    }

    /// <summary>A record to hand out: the stored fields, and the vector when asked for.</summary>
    public TRecord ResultOf(TRecord stored, ReadOnlySpan<float> vector, bool includeVector)
    {
        var result = StoredCopyOf(stored);
        if (includeVector)
            SetVector(result, vector.ToArray());
        return result;
    }

    public void SetVector(TRecord record, float[] vector)
    {
        if (Vector.Type == typeof(float[]))
            Vector.SetValueAsObject(record, vector);
        else
            Vector.SetValueAsObject(record, new ReadOnlyMemory<float>(vector));
    }

    public static object? CopyValue(object? value) => value switch
    {
        string[] tags => tags.ToArray(),
        List<string> tags => new List<string>(tags),
        _ => value,
    };
}
