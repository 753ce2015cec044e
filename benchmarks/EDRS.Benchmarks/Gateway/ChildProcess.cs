using System.Diagnostics;
using System.Text;

namespace EDRS.Benchmarks.Gateway;

/// <summary>A server the benchmark starts as a process of its own (the gateway, the plain Kestrel baseline), keeping its last output for errors.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 60;
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public static ChildProcess Start(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {dll}."));
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx; throws with the process's output if it exits or takes too long.</summary>
    public async Task WaitUntilServingAsync(string url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Output()}");
            try
            {
                using var response = await http.GetAsync(url).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }
            await Task.Delay(200).ConfigureAwait(false);
        }
        throw new TimeoutException($"{url} did not answer within {timeout.TotalSeconds:0} s:\n{Output()}");
    }

    public string Output()
    {
        lock (_output)
            return string.Join('\n', _output);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptLines)
                _output.Dequeue();
        }
    }
}
