using System.Diagnostics;
using System.Globalization;
using EDRS.Testing;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// One real <c>EDRS.Hosts.Member</c> process on 127.0.0.1, configured only through the environment variables an
/// operator would set. Its console output goes to a log file of its own.
/// </summary>
internal sealed class MemberProcess : IAsyncDisposable
{
    // Members alive right now: killed when the harness itself ends (Ctrl+C, SIGTERM, an unhandled exception), so a
    // failed run never leaves member processes behind.
    private static readonly HashSet<MemberProcess> Live = [];

    static MemberProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        // A crash does not raise ProcessExit.
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Task _pumps;
    private int _disposed;

    private MemberProcess(Process process, StreamWriter log, int port, string logPath)
    {
        _process = process;
        _log = log;
        Port = port;
        LogPath = logPath;
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    /// <summary>The remoting port (a new one on every start: Proto.Remote cannot re-bind a port for a few seconds).</summary>
    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => Volatile.Read(ref _disposed) == 1 || _process.HasExited;

    /// <summary>Starts a member that joins the seed at <paramref name="seedAddress"/> (the member host, or <paramref name="dll"/>).</summary>
    public static MemberProcess Start(FaultsRun run, string name, string clusterName, string seedAddress, string connectionString,
        IReadOnlyDictionary<string, string>? extra = null, string? dll = null)
    {
        var port = FreePorts.Next();
        dll ??= run.MemberDll;
        var logFolder = run.Folder;
        var binFolder = Path.GetDirectoryName(dll)!;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = binFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(binFolder);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Journal__ConnectionString"] = connectionString,
            ["Journal__ApplySchemaOnStart"] = "false",
            ["Cluster__Provider"] = "Seed",
            ["Cluster__Name"] = clusterName,
            ["Cluster__Host"] = "127.0.0.1",
            ["Cluster__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Cluster__SeedAddress"] = seedAddress,
            ["Observability__MetricsPort"] = "0",
            ["Observability__MetricsHost"] = "127.0.0.1",
            ["Observability__ServiceName"] = name,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__EDRS"] = "Warning",
            ["OTEL_SDK_DISABLED"] = "true",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            environment[key] = value;
        foreach (var (key, value) in environment)
            info.Environment[key] = value;

        Directory.CreateDirectory(logFolder);
        var logPath = Path.Combine(logFolder, $"{name}-{port}.log");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        process.StandardInput.Close();
        RaisePriority(process);
        var member = new MemberProcess(process, log, port, logPath);
        lock (Live)
            Live.Add(member);
        return member;
    }

    /// <summary>kill -9: the process gets no chance to leave the cluster, flush or finish a batch.</summary>
    public void KillHard()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: false); // SIGKILL on Linux
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    /// <summary>
    /// SIGSTOP, later <see cref="Resume"/> (SIGCONT): the process is frozen as by a long GC pause or a starved host, with
    /// its sockets open, then runs on as if nothing happened.
    /// </summary>
    public void Pause() => Signal("STOP");

    public void Resume() => Signal("CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
                         ?? throw new InvalidOperationException("Could not run kill.");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with exit code {kill.ExitCode}.");
    }

    /// <summary>Waits until the process is gone (after <see cref="KillHard"/>), at most <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Member {Address} (pid {_process.Id}) did not exit within {timeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>The last lines of the member's log, for failure reports.</summary>
    public string Tail(int lines = 20)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A member replaced after a kill is disposed at once and again when a failed run cleans up.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        lock (Live)
            Live.Remove(this);
        KillHard();
        try
        {
            await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await _pumps.ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Reported by the caller's checks; nothing more to do here.
        }
        await _log.DisposeAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>
    /// Runs a process of the fault runs above normal priority (nice -11; needs root, else left as is). On a machine
    /// shared with other work, starved processes miss Proto.Cluster heartbeats (3 s) and healthy members are blocked:
    /// the harness must fault what it kills, not what a neighbour's build starves.
    /// </summary>
    public static void RaisePriority(Process process)
    {
        try
        {
            process.PriorityClass = ProcessPriorityClass.High;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or UnauthorizedAccessException)
        {
            // Not permitted (not root) or already exited: run at normal priority.
        }
    }

    private static void KillAll()
    {
        lock (Live)
        {
            foreach (var member in Live)
                member.KillHard();
        }
    }

    private async Task PumpAsync(StreamReader source)
    {
        while (await source.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_log)
                _log.WriteLine(line);
        }
    }
}
