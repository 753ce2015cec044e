namespace EDRS.Grains.Runtime.Tests.Streams;

/// <summary>What a probe grain activation did, in order (shared by the two probe grains).</summary>
public sealed class ProbeJournal
{
    private readonly List<string> _entries = [];
    private readonly TaskCompletionSource _touched = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Touched => _touched.Task;

    public void Add(string entry)
    {
        lock (_entries)
            _entries.Add(entry);
    }

    public ProbeLog Touch()
    {
        Add("touch");
        _touched.TrySetResult();
        var log = new ProbeLog();
        lock (_entries)
            log.Entries.AddRange(_entries);
        return log;
    }

    public async Task StreamAsync(ProbeStreamRequest request, Grpc.Core.IServerStreamWriter<ProbeItem> stream, Grpc.Core.ServerCallContext context)
    {
        Add("start");
        var deadline = context.Deadline == DateTime.MaxValue ? 0 : new DateTimeOffset(context.Deadline).ToUnixTimeMilliseconds();
        for (var i = 0; i < request.Items; i++)
        {
            await stream.WriteAsync(new ProbeItem { Index = i, DeadlineUnixMs = deadline });
            if (i == 0 && request.WaitForTouch)
                await Touched.WaitAsync(context.CancellationToken);
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }
        Add("end");
    }
}
