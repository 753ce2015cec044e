namespace EDRS.Benchmarks.Faults;

/// <summary>
/// One invocation of <c>faults</c>: its folder (logs, ack logs) and its own copy of the member binary. The copy keeps
/// a long run independent of builds of the repository meanwhile, which rewrite the member's output folder.
/// </summary>
/// <param name="HeartbeatExpiration">Cluster:HeartbeatExpiration for the harness and every member; null: the product default (3 s).</param>
internal sealed record FaultsRun(string Folder, string MemberDll, TimeSpan? HeartbeatExpiration)
{
    public static FaultsRun Create(string folder, TimeSpan? heartbeatExpiration)
    {
        var source = Path.GetDirectoryName(RepoPaths.MemberDll)!;
        var target = Path.Combine(folder, "member-bin");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return new FaultsRun(folder, Path.Combine(target, Path.GetFileName(RepoPaths.MemberDll)), heartbeatExpiration);
    }
}
