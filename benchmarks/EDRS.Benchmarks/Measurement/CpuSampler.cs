using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace EDRS.Benchmarks.Measurement;

/// <summary>
/// CPU used by this process, by the PostgreSQL server (postmaster, its helpers and the backends of
/// this database, from <c>/proc</c>) and by the whole machine, between two samples. Linux only; elsewhere only this
/// process is measured.
/// </summary>
internal sealed class CpuSampler
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux
    private readonly int? _postmasterPid;
    private readonly string _database;

    private CpuSampler(int? postmasterPid, string database)
    {
        _postmasterPid = postmasterPid;
        _database = database;
    }

    public static async Task<CpuSampler> CreateAsync(string connectionString)
    {
        int? postmaster = null;
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand("select pg_backend_pid()", connection);
            var backend = (int)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
            if (ReadStat(backend) is { } stat)
                postmaster = stat.ParentPid;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NpgsqlException)
        {
            // The server runs elsewhere or /proc is not readable: report this process only.
        }
        return new CpuSampler(postmaster, new NpgsqlConnectionStringBuilder(connectionString).Database ?? "");
    }

    public Sample Take()
    {
        var self = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        double? postgres = null;
        if (_postmasterPid is { } pm && OperatingSystem.IsLinux())
        {
            long ticks = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid))
                    continue;
                if (ReadStat(pid) is { } stat && (pid == pm || (stat.ParentPid == pm && IsOurs(pid))))
                    ticks += stat.CpuTicks;
            }
            postgres = ticks / ClockTicksPerSecond;
        }
        return new Sample(Stopwatch.GetTimestamp(), self, postgres, ReadMachine());
    }

    /// <summary>Cores used on average between two samples.</summary>
    public static (double Self, double? Postgres, double? MachineBusyPercent) Between(Sample a, Sample b)
    {
        var seconds = Stopwatch.GetElapsedTime(a.Timestamp, b.Timestamp).TotalSeconds;
        double? postgres = a.PostgresSeconds is { } p0 && b.PostgresSeconds is { } p1 ? (p1 - p0) / seconds : null;
        double? busy = null;
        if (a.Machine is { } m0 && b.Machine is { } m1 && m1.Total > m0.Total)
            busy = 100.0 * (m1.Busy - m0.Busy) / (m1.Total - m0.Total);
        return ((b.SelfSeconds - a.SelfSeconds) / seconds, postgres, busy);
    }

    /// <summary>
    /// Backends of this database and the server's shared helpers (WAL writer, checkpointer, ...); not
    /// the backends of other databases on the same server (other test runs).
    /// </summary>
    private bool IsOurs(int pid)
    {
        string title;
        try
        {
            title = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        // Backends: "postgres: user database host(port) state"; helpers: "postgres: walwriter", ...
        if (title.Contains(_database, StringComparison.Ordinal))
            return true;
        return !title.Contains('(', StringComparison.Ordinal) && !title.Contains("autovacuum worker", StringComparison.Ordinal);
    }

    private static (int ParentPid, long CpuTicks)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // Fields after "(comm) ": state ppid ... utime(14th field) stime(15th field).
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 12
            ? (int.Parse(fields[1], CultureInfo.InvariantCulture),
               long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture))
            : null;
    }

    private static (long Busy, long Total)? ReadMachine()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal ..."
            var first = File.ReadLines("/proc/stat").First();
            var values = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var total = values.Sum();
            return (total - values[3] - values[4], total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    internal sealed record Sample(long Timestamp, double SelfSeconds, double? PostgresSeconds, (long Busy, long Total)? Machine);
}
