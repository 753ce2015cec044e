namespace EDRS.Benchmarks.Faults;

/// <summary>Where the repository and the host binaries are, found from this program's own location.</summary>
internal static class RepoPaths
{
    /// <summary>The folder holding <c>EDRS.sln</c>, searched upwards from the binary, then from the working directory.</summary>
    public static string Root { get; } = Find(AppContext.BaseDirectory) ?? Find(Environment.CurrentDirectory)
        ?? throw new InvalidOperationException($"No EDRS.sln above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}.");

    /// <summary>
    /// The member host's build output of the same configuration as this program (the project reference in
    /// EDRS.Benchmarks.csproj builds it first; it is not copied here because a host is never a library).
    /// </summary>
    public static string MemberDll => HostDll("EDRS.Hosts.Member");

    /// <summary>The gateway host's build output, likewise.</summary>
    public static string GatewayDll => HostDll("EDRS.Hosts.Gateway");

    private static string HostDll(string host)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dll = Path.Combine(Root, "hosts", host, "bin", configuration, "net10.0", host + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException(
                $"{dll} is missing: build it with 'dotnet build hosts/{host} -c {configuration}' (dotnet run of the benchmarks does).", dll);
    }

    public static string LocalPostgresScript => Path.Combine(Root, "scripts", "local-postgres.sh");

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EDRS.sln")))
                return dir.FullName;
        }
        return null;
    }
}
