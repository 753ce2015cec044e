using System.Diagnostics;

namespace EDRS.Testing;

/// <summary>
/// The PostgreSQL server that tests use: <c>EDRS_POSTGRES</c> if set, otherwise the local server
/// that <c>scripts/local-postgres.sh ensure</c> starts (or reuses). Resolved once per process.
/// </summary>
public static class LocalPostgres
{
    public const string EnvironmentVariable = "EDRS_POSTGRES";
    private const string ScriptRelativePath = "scripts/local-postgres.sh";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _cached;

    /// <summary>A server-level Npgsql connection string (database <c>postgres</c> unless set otherwise).</summary>
    public static async Task<string> GetServerConnectionStringAsync()
    {
        var cached = Volatile.Read(ref _cached);
        if (cached is not null)
        {
            return cached;
        }

        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_cached is null)
            {
                var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
                var value = string.IsNullOrWhiteSpace(fromEnvironment)
                    ? await RunEnsureScriptAsync().ConfigureAwait(false)
                    : fromEnvironment.Trim();
                Volatile.Write(ref _cached, value);
            }

            return _cached!;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> RunEnsureScriptAsync()
    {
        var repoRoot = FindRepoRoot();
        var script = Path.Combine(repoRoot, ScriptRelativePath);
        var startInfo = new ProcessStartInfo("bash")
        {
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(script);
        startInfo.ArgumentList.Add("ensure");

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start bash {script} ensure.");
        process.StandardInput.Close();
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();

        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException(
                $"{script} ensure did not finish within {ScriptTimeout}. stderr:\n{await stderrTask.ConfigureAwait(false)}");
        }

        var stdout = await stdoutTask.ConfigureAwait(false);
        var stderr = await stderrTask.ConfigureAwait(false);
        var connectionString = stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault();
        if (process.ExitCode != 0 || string.IsNullOrEmpty(connectionString))
        {
            throw new InvalidOperationException(
                $"{script} ensure failed (exit code {process.ExitCode}). stderr:\n{stderr}");
        }

        return connectionString;
    }

    // From the test binaries up (bin/... inside the repo); else from the working directory up.
    private static string FindRepoRoot() =>
        FindRepoRootFrom(AppContext.BaseDirectory)
        ?? FindRepoRootFrom(Environment.CurrentDirectory)
        ?? throw new InvalidOperationException(
            $"No repository root (EDRS.sln or {ScriptRelativePath}) above {AppContext.BaseDirectory} " +
            $"or {Environment.CurrentDirectory}; set {EnvironmentVariable} to a server connection string instead.");

    private static string? FindRepoRootFrom(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EDRS.sln"))
                || File.Exists(Path.Combine(dir.FullName, "EDRS.slnx"))
                || File.Exists(Path.Combine(dir.FullName, ScriptRelativePath)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
