using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using ProfileMessage = EDRS.Grains.Contracts.Personas.PersonaProfile;

namespace EDRS.Actors.Tests.Personas;

/// <summary>Commands and states to test the decider with: a valid default for everything, changed per test.</summary>
internal static class Persona
{
    public const string Id = "ada";
    public const string Bob = "bob";
    public const string Carol = "carol";

    public static readonly DateTimeOffset HiredAt = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    public static ProfileMessage Profile(
        string name = "Ada",
        string role = "Engineer",
        IEnumerable<string>? skills = null,
        IEnumerable<string>? responsibilities = null,
        string personality = "Calm and precise.")
    {
        var profile = new ProfileMessage { Name = name, Role = role, Personality = personality };
        profile.Skills.AddRange(skills ?? ["csharp", "postgres"]);
        profile.Responsibilities.AddRange(responsibilities ?? ["reviews"]);
        return profile;
    }

    public static HirePersonaRequest Hire(ProfileMessage? profile = null) =>
        new() { RequestId = "hire-1", PersonaId = Id, Profile = profile ?? Profile() };

    public static UpdateProfileRequest Update(ProfileMessage profile) =>
        new() { RequestId = "update-1", Profile = profile };

    public static RememberFactRequest Fact(
        string personId = Bob,
        FactKind kind = FactKind.Like,
        string subject = "",
        string text = "Likes green tea.",
        string source = "") =>
        new() { RequestId = "fact", PersonId = personId, Kind = kind, Subject = subject, Text = text, Source = source };

    public static ReviseFactRequest Revise(long factId, string text, string source = "", string personId = Bob) =>
        new() { RequestId = "revise", PersonId = personId, FactId = factId, Text = text, Source = source };

    public static RetractFactRequest Retract(long factId, string reason = "", string personId = Bob) =>
        new() { RequestId = "retract", PersonId = personId, FactId = factId, Reason = reason };

    public static ForgetPersonRequest Forget(string personId) => new() { RequestId = "forget", PersonId = personId };

    /// <summary>A freshly hired persona with the default profile.</summary>
    public static PersonaState Hired() => Fold(PersonaState.Initial, PersonaDecider.Decide(Hire(), PersonaState.Initial, Id, HiredAt));

    public static PersonaState Fold(PersonaState state, IEnumerable<object> events) => events.Aggregate(state, PersonaDecider.Evolve);

    /// <summary>Decides <paramref name="command"/> on <paramref name="state"/>, expects exactly one remembered fact, and folds it.</summary>
    public static PersonaState Remember(PersonaState state, RememberFactRequest command, out PersonFactRemembered remembered, DateTimeOffset? at = null)
    {
        var events = PersonaDecider.Decide(command, state, at ?? HiredAt.AddMinutes(1));
        remembered = Assert.IsType<PersonFactRemembered>(Assert.Single(events));
        return Fold(state, events);
    }

    public static PersonaState Remember(PersonaState state, RememberFactRequest command) => Remember(state, command, out _);

    /// <summary>The decider refuses the command with an INVALID_ARGUMENT naming <paramref name="field"/>.</summary>
    public static GrainException RefusedAsInvalid(string field, Func<object> decide)
    {
        var refused = Assert.Throws<GrainException>(decide);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, refused.Code);
        Assert.Equal(field, Assert.Single(refused.Violations).Field);
        return refused;
    }

    public static GrainException Refused(Grpc.Core.StatusCode code, Func<object> decide)
    {
        var refused = Assert.Throws<GrainException>(decide);
        Assert.Equal(code, refused.Code);
        Assert.Empty(refused.Violations);
        return refused;
    }

    public static IEnumerable<string> Many(int count, string prefix) => Enumerable.Range(1, count).Select(i => $"{prefix}{i}");
}
