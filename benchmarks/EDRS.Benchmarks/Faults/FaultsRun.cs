namespace EDRS.Benchmarks.Faults;

/// <summary>
/// One invocation of <c>faults</c>: its folder (logs, ack logs) and its own copies of the member and gateway binaries.
/// The copies keep a long run independent of builds of the repository meanwhile, which rewrite the hosts' output folders.
/// </summary>
/// <param name="HeartbeatExpiration">Cluster:HeartbeatExpiration for the harness and every member; null: the product default (3 s).</param>
internal sealed record FaultsRun(string Folder, string MemberDll, string GatewayDll, TimeSpan? HeartbeatExpiration)
{
    public static FaultsRun Create(string folder, TimeSpan? heartbeatExpiration) =>
        new(folder, Copy(RepoPaths.MemberDll, Path.Combine(folder, "member-bin")), Copy(RepoPaths.GatewayDll, Path.Combine(folder, "gateway-bin")), heartbeatExpiration);

    /// <summary>The folders of this run's binary copies (deleted after a run in which every check held).</summary>
    public IEnumerable<string> BinaryFolders => [Path.GetDirectoryName(MemberDll)!, Path.GetDirectoryName(GatewayDll)!];

    private static string Copy(string dll, string target)
    {
        var source = Path.GetDirectoryName(dll)!;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (IsOtherPlatformsNativeLibrary(relative))
                continue;
            var copy = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return Path.Combine(target, Path.GetFileName(dll));
    }

    // The gateway's output carries native libraries for every platform (runtimes/{rid}/…); the members started from the
    // copy run here, so the other platforms' hundreds of megabytes are left behind.
    private static bool IsOtherPlatformsNativeLibrary(string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar);
        if (parts.Length <= 2 || parts[0] != "runtimes")
            return false;
        var thisPlatform = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var thisOs = thisPlatform[..Math.Max(0, thisPlatform.LastIndexOf('-'))];
        return parts[1] != thisPlatform && parts[1] != thisOs && parts[1] is not ("unix" or "any");
    }
}
