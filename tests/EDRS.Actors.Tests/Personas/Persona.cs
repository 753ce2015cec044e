using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Commands;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tests.Personas;

/// <summary>Commands and states to test the decider with: a valid default for everything, changed per test.</summary>
internal static class Persona
{
    public const string Id = "ada";
    public const string Bob = "bob";
    public const string Carol = "carol";

    public static readonly DateTimeOffset HiredAt = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    public static Profile Profile(
        string name = "Ada",
        string role = "Engineer",
        IEnumerable<string>? skills = null,
        IEnumerable<string>? responsibilities = null,
        string personality = "Calm and precise.",
        IEnumerable<string>? handles = null) =>
        new(name, role, [.. skills ?? ["csharp", "postgres"]], [.. responsibilities ?? ["reviews"]], personality, [.. handles ?? []]);

    public static HirePersona Hire(Profile? profile = null) => new(Id, profile ?? Profile());

    public static UpdateProfile Update(Profile profile) => new(profile);

    public static RememberFact Fact(
        string personId = Bob,
        PersonFactKind? kind = PersonFactKind.Like,
        string subject = "",
        string text = "Likes green tea.",
        string source = "") =>
        new(personId, kind, subject, text, source);

    public static ReviseFact Revise(long factId, string text, string source = "", string personId = Bob) => new(personId, factId, text, source);

    public static RetractFact Retract(long factId, string reason = "", string personId = Bob) => new(personId, factId, reason);

    public static ForgetPerson Forget(string personId) => new(personId);

    /// <summary>A freshly hired persona with the default profile.</summary>
    public static PersonaState Hired() => Fold(PersonaState.Initial, PersonaDecider.Decide(Hire(), PersonaState.Initial, HiredAt));

    public static PersonaState Fold(PersonaState state, IEnumerable<PersonaEvent> events) => events.Aggregate(state, PersonaDecider.Evolve);

    /// <summary>Decides <paramref name="command"/> on <paramref name="state"/>, expects exactly one remembered fact, and folds it.</summary>
    public static PersonaState Remember(PersonaState state, RememberFact command, out PersonFactRemembered remembered, DateTimeOffset? at = null)
    {
        var events = PersonaDecider.Decide(command, state, at ?? HiredAt.AddMinutes(1));
        remembered = Assert.IsType<PersonFactRemembered>(Assert.Single(events));
        return Fold(state, events);
    }

    public static PersonaState Remember(PersonaState state, RememberFact command) => Remember(state, command, out _);

    /// <summary>The decider refuses the command as invalid, naming <paramref name="field"/>.</summary>
    public static CommandRejectedException RefusedAsInvalid(string field, Func<object> decide)
    {
        var refused = Assert.Throws<CommandRejectedException>(decide);
        Assert.Equal(RejectionReason.Invalid, refused.Reason);
        Assert.Equal(field, refused.Field);
        return refused;
    }

    public static CommandRejectedException Refused(RejectionReason reason, Func<object> decide)
    {
        var refused = Assert.Throws<CommandRejectedException>(decide);
        Assert.Equal(reason, refused.Reason);
        Assert.Null(refused.Field);
        return refused;
    }

    public static IEnumerable<string> Many(int count, string prefix) => Enumerable.Range(1, count).Select(i => $"{prefix}{i}");
}
