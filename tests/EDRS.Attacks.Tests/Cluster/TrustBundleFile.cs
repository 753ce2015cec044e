namespace EDRS.Attacks.Tests.Cluster;

/// <summary>A <c>ca.crt</c> holding several CAs (old and new during a rotation), deleted on dispose.</summary>
internal sealed class TrustBundleFile : IDisposable
{
    public TrustBundleFile(string pem)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"edrs-ca-bundle-{Guid.NewGuid():N}.crt");
        File.WriteAllText(Path, pem);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
