using System.Collections;
using System.Diagnostics;

namespace EDRS.Testing.Telemetry;

/// <summary>The spans an in-memory exporter has exported, safe to read while the host keeps exporting.</summary>
public sealed class SpanLog : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
                return _spans.Count;
        }
    }

    public bool IsReadOnly => false;

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_gate)
            return [.. _spans];
    }

    /// <summary>Waits until a span matching <paramref name="match"/> has been exported (spans end after replies are sent).</summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> match, string what)
    {
        try
        {
            var span = await Eventually.ValueAsync(() => Task.FromResult(Snapshot().FirstOrDefault(match)), s => s is not null,
                $"a span {what} is exported", TimeSpan.FromSeconds(10));
            return span!;
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} Exported: {string.Join(", ", Snapshot().Select(s => s.DisplayName))}", timeout);
        }
    }

    public void Add(Activity item)
    {
        lock (_gate)
            _spans.Add(item);
    }

    public void Clear()
    {
        lock (_gate)
            _spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (_gate)
            return _spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_gate)
            _spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (_gate)
            return _spans.Remove(item);
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
