namespace EDRS.Benchmarks.Fuzz;

/// <summary>Existing resources the valid shapes point at, so mutated requests reach the handlers rather than a 404.</summary>
/// <param name="PathValues">A valid value per path parameter or form field name (<c>personaId</c>, <c>factId</c>, <c>client_id</c>, …).</param>
internal sealed record FuzzTargets(IReadOnlyDictionary<string, string> PathValues)
{
    /// <summary>The value of parameter <paramref name="name"/>: the set-up's, or <c>x1</c> for one it does not know.</summary>
    public string ValueOf(string name) => PathValues.TryGetValue(name, out var value) ? value : "x1";
}
