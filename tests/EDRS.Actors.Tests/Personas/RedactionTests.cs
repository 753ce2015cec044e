using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Commands;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Runtime;
using static EDRS.Actors.Tests.Personas.Persona;

namespace EDRS.Actors.Tests.Personas;

public sealed class RedactionTests
{
    private static readonly DateTimeOffset At = HiredAt.AddMinutes(30);

    [Fact]
    public void A_remembered_fact_about_the_person_is_redacted_to_ids_kind_and_times_only()
    {
        var remembered = new PersonFactRemembered(Bob, 7, PersonFactKind.Dislike, "meetings", "Hates long meetings.", "retro", At, 3);

        var redacted = Assert.IsType<PersonFactRemembered>(PersonaDecider.Redact(remembered, Bob));

        Assert.Equal(new PersonFactRemembered(Bob, 7, PersonFactKind.Dislike, "", "", "", At, 3), redacted);
    }

    [Fact]
    public void A_revision_about_the_person_is_redacted_to_ids_and_time_only() =>
        Assert.Equal(
            new PersonFactRevised(Bob, 7, "", "", At),
            PersonaDecider.Redact(new PersonFactRevised(Bob, 7, "Secret text.", "dm", At), Bob));

    [Fact]
    public void A_retraction_about_the_person_loses_its_reason() =>
        Assert.Equal(
            new PersonFactRetracted(Bob, 7, "", At),
            PersonaDecider.Redact(new PersonFactRetracted(Bob, 7, "Bob asked: personal.", At), Bob));

    [Fact]
    public void Events_about_another_person_are_not_redacted()
    {
        Assert.Null(PersonaDecider.Redact(new PersonFactRemembered(Carol, 1, PersonFactKind.Like, "tea", "Tea.", "", At, 0), Bob));
        Assert.Null(PersonaDecider.Redact(new PersonFactRevised(Carol, 1, "Tea.", "", At), Bob));
        Assert.Null(PersonaDecider.Redact(new PersonFactRetracted(Carol, 1, "why", At), Bob));
    }

    [Fact]
    public void Events_that_hold_no_personal_data_about_people_are_not_redacted()
    {
        Assert.Null(PersonaDecider.Redact(new PersonaHired(Id, "Ada", "", ["csharp"], [], "", At), Bob));
        Assert.Null(PersonaDecider.Redact(new PersonaProfileUpdated("Ada", "", ["csharp"], [], "", At), Bob));
        Assert.Null(PersonaDecider.Redact(new PersonForgotten(Bob, 2, At), Bob));
    }

    [Fact]
    public void Redacting_does_not_change_the_original_event()
    {
        var remembered = new PersonFactRemembered(Bob, 1, PersonFactKind.Like, "tea", "Tea.", "chat", At, 0);
        PersonaDecider.Redact(remembered, Bob);
        Assert.Equal("Tea.", remembered.Text);
    }

    [Fact]
    public void Replaying_a_redacted_history_ends_with_the_same_state_as_the_original()
    {
        var history = new List<PersonaEvent>
        {
            PersonaDecider.Decide(Hire(), PersonaState.Initial, HiredAt)[0],
            new PersonFactRemembered(Bob, 1, PersonFactKind.Like, "drinks", "Coffee.", "", At, 0),
            new PersonFactRemembered(Carol, 2, PersonFactKind.Like, "", "Carol's fact.", "", At, 0),
            new PersonFactRemembered(Bob, 3, PersonFactKind.Like, "drinks", "Tea.", "", At, 1),
            new PersonForgotten(Bob, 1, At),
        };

        var original = Fold(PersonaState.Initial, history);
        var redacted = Fold(PersonaState.Initial, history.Select(e => PersonaDecider.Redact(e, Bob) ?? e));

        Assert.Empty(redacted.FactsAbout(Bob));
        Assert.Equal(original.FactsAbout(Carol), redacted.FactsAbout(Carol));
        Assert.Equal(original.LastFactId, redacted.LastFactId);
    }

    /// <summary>
    /// The command and event hierarchies are closed, so an unknown command or event cannot be written; what can go wrong is
    /// a new type without its arm in Decide or Evolve. Every type is passed through (uninitialised: its rules may refuse or
    /// fail on the empty values, but must not fall through to "does not know").
    /// </summary>
    [Fact]
    public void Every_command_has_a_rule_and_every_event_a_fold()
    {
        var types = typeof(PersonaDecider).Assembly.GetTypes();
        foreach (var type in types.Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(PersonaCommand))))
        {
            var command = (PersonaCommand)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type);
            var failure = Record.Exception(() => PersonaDecider.Decide(command, Hired(), HiredAt));
            Assert.False(failure is ArgumentOutOfRangeException, $"{type.Name} has no rule in PersonaDecider.Decide");
        }
        foreach (var type in types.Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(PersonaEvent))))
        {
            var @event = (PersonaEvent)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type);
            var failure = Record.Exception(() => PersonaDecider.Evolve(Hired(), @event));
            Assert.False(failure is InvalidOperationException { Message: var m } && m.Contains("does not know", StringComparison.Ordinal),
                $"{type.Name} has no fold in PersonaDecider.Evolve");
        }
    }
}
