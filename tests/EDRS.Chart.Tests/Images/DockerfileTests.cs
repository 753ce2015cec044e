using System.Text.RegularExpressions;
using System.Xml.Linq;
using EDRS.Chart.Tests;

namespace EDRS.Chart.Tests.Images;

/// <summary>
/// No Docker engine runs on this machine, so the images are not built here. These checks keep the Dockerfiles from
/// rotting as the code moves: every path they copy exists, every project the host depends on is copied, and the
/// runtime stage is the ASP.NET image running as uid 1000 without a shell step.
/// </summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string> Hosts => new() { "EDRS.Hosts.Member", "EDRS.Hosts.Gateway" };

    [Theory]
    [MemberData(nameof(Hosts))]
    public void The_runtime_stage_is_the_aspnet_image_running_as_uid_1000_with_no_shell_step(string host)
    {
        var lines = Instructions(host);
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, stages.Count);
        Assert.Matches("^FROM mcr.microsoft.com/dotnet/sdk:10\\.0 AS build$", stages[0]);
        Assert.Matches("^FROM mcr.microsoft.com/dotnet/aspnet:10\\.0[^ ]* AS runtime$", stages[1]);
        var runtime = lines.SkipWhile(l => l != stages[1]).ToList();
        Assert.Contains("USER 1000:1000", runtime);
        Assert.DoesNotContain(runtime, l => l.StartsWith("RUN ", StringComparison.Ordinal));
        Assert.Contains(runtime, l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal) && l.Contains(host, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Every_copied_path_exists_and_every_project_the_host_references_is_copied(string host)
    {
        var copied = Instructions(host)
            .Select(l => CopyFromContext().Match(l))
            .Where(m => m.Success)
            .SelectMany(m => m.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        Assert.NotEmpty(copied);
        Assert.All(copied, source => Assert.True(
            File.Exists(Path.Combine(Helm.RepoRoot, source)) || Directory.Exists(Path.Combine(Helm.RepoRoot, source)),
            $"{host}/Dockerfile copies {source}, which is not in the repository"));

        foreach (var project in ProjectClosure(Path.Combine(Helm.RepoRoot, "hosts", host, $"{host}.csproj")))
        {
            var relative = Path.GetRelativePath(Helm.RepoRoot, project).Replace('\\', '/');
            var folder = Path.GetDirectoryName(relative)!.Replace('\\', '/') + "/";
            Assert.Contains(relative, copied);
            Assert.Contains(copied, source => source.EndsWith('/') && folder.StartsWith(source, StringComparison.Ordinal));
        }
    }

    private static List<string> Instructions(string host) =>
        File.ReadAllText(Path.Combine(Helm.RepoRoot, "hosts", host, "Dockerfile"))
            .Replace("\\\n", " ", StringComparison.Ordinal)
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next))
                continue;
            foreach (var reference in XDocument.Load(next).Descendants("ProjectReference"))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, (string)reference.Attribute("Include")!)));
        }

        return seen;
    }

    // COPY from the build context (not --from=stage): every word but the last is a source.
    [GeneratedRegex("^COPY (?!--from)(?<sources>.+) [^ ]+$")]
    private static partial Regex CopyFromContext();
}
