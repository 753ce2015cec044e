using System.Diagnostics;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// A PostgreSQL server of the outage scenario's own (<c>scripts/local-postgres.sh</c> with its own data folder and
/// port), so stopping it never disturbs the shared server other tests use.
/// </summary>
internal static class OutagePostgres
{
    public const string DataFolder = "/var/tmp/edrs/pg-outage";
    public const int FirstPort = 56532;

    /// <summary>
    /// Starts (or reuses) the server, on the first free port from <paramref name="port"/> (default <see cref="FirstPort"/>;
    /// a restart passes the port it had, so clients find it again); returns its server-level connection string.
    /// </summary>
    public static async Task<string> EnsureAsync(int? port = null) => (await RunScriptAsync("ensure", port ?? FirstPort).ConfigureAwait(false)).Trim();

    /// <summary>Stops the server (fast shutdown: open sessions are terminated, in-flight transactions roll back).</summary>
    public static Task StopAsync() => RunScriptAsync("stop", FirstPort);

    private static async Task<string> RunScriptAsync(string verb, int port)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        info.ArgumentList.Add(RepoPaths.LocalPostgresScript);
        info.ArgumentList.Add(verb);
        info.Environment["EDRS_PG_DIR"] = DataFolder;
        info.Environment["EDRS_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not run bash.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"local-postgres.sh {verb} (EDRS_PG_DIR={DataFolder}) failed: {await stderr.ConfigureAwait(false)}");
        return await stdout.ConfigureAwait(false);
    }
}
