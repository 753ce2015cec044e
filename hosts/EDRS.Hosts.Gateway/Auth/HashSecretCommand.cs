using System.Security.Cryptography;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>
/// <c>dotnet EDRS.Hosts.Gateway.dll hash-secret</c>: makes a new client secret (32 random bytes) and prints it
/// with its hash for <c>Auth__Clients__{clientId}__SecretHash</c>; with a secret on standard input, hashes that
/// one instead. Runs without configuration, database or cluster.
/// </summary>
public static class HashSecretCommand
{
    public const string Name = "hash-secret";

    /// <summary>Runs the command if <paramref name="args"/> name it; true when it ran (the process then exits).</summary>
    public static bool TryRun(string[] args)
    {
        if (args is not [Name, ..])
            return false;
        var secret = Console.IsInputRedirected ? Console.In.ReadToEnd().TrimEnd('\r', '\n') : "";
        var generated = secret.Length == 0;
        if (generated)
            secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        if (generated)
            Console.WriteLine($"secret: {secret}");
        Console.WriteLine($"hash:   {ClientSecretHash.Create(secret)}");
        return true;
    }
}
