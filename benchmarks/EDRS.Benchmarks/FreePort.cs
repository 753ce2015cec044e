namespace EDRS.Benchmarks;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago (every benchmark that starts servers uses this one); see <see cref="EDRS.Testing.FreePorts"/>.</summary>
internal static class FreePort
{
    public static int Next() => EDRS.Testing.FreePorts.Next();
}
