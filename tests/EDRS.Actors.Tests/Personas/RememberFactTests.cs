using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Runtime;
using Grpc.Core;
using static EDRS.Actors.Tests.Personas.Persona;

namespace EDRS.Actors.Tests.Personas;

public sealed class RememberFactTests
{
    private static readonly DateTimeOffset At = HiredAt.AddMinutes(5);

    [Theory]
    [InlineData(PersonFactKind.Preference, PersonFactKind.Preference)]
    [InlineData(PersonFactKind.Like, PersonFactKind.Like)]
    [InlineData(PersonFactKind.Dislike, PersonFactKind.Dislike)]
    [InlineData(PersonFactKind.WorkingStyle, PersonFactKind.WorkingStyle)]
    [InlineData(PersonFactKind.Note, PersonFactKind.Note)]
    public void Each_fact_kind_is_remembered_as_the_same_kind(PersonFactKind kind, PersonFactKind expected)
    {
        var events = PersonaDecider.Decide(Fact(kind: kind), Hired(), At);
        Assert.Equal(expected, Assert.IsType<PersonFactRemembered>(Assert.Single(events)).Kind);
    }

    [Fact]
    public void Remembering_a_fact_emits_PersonFactRemembered_with_trimmed_values_and_no_superseded_fact()
    {
        var events = PersonaDecider.Decide(Fact(kind: PersonFactKind.Preference, subject: " drinks ", text: " Green tea, no sugar. ", source: " standup "), Hired(), At);

        var remembered = Assert.IsType<PersonFactRemembered>(Assert.Single(events));
        Assert.Equal(Bob, remembered.PersonId);
        Assert.Equal(1, remembered.FactId);
        Assert.Equal(PersonFactKind.Preference, remembered.Kind);
        Assert.Equal("drinks", remembered.Subject);
        Assert.Equal("Green tea, no sugar.", remembered.Text);
        Assert.Equal("standup", remembered.Source);
        Assert.Equal(At, remembered.RememberedAt);
        Assert.Equal(0, remembered.SupersededFactId);
    }

    [Fact]
    public void A_remembered_fact_is_held_about_that_person_only()
    {
        var state = Remember(Hired(), Fact(subject: "drinks", text: "Green tea.", source: "standup"), out _, At);

        var fact = Assert.Single(state.FactsAbout(Bob));
        Assert.Equal(new KnownFact(1, PersonFactKind.Like, "drinks", "Green tea.", "standup", At, null), fact);
        Assert.Empty(state.FactsAbout(Carol));
        Assert.Equal(1, state.LastFactId);
    }

    [Fact]
    public void Facts_about_a_person_are_held_newest_first()
    {
        var state = Remember(Hired(), Fact(text: "first"));
        state = Remember(state, Fact(text: "second"));
        state = Remember(state, Fact(text: "third"));

        Assert.Equal(["third", "second", "first"], state.FactsAbout(Bob).Select(f => f.Text));
    }

    [Fact]
    public void Fact_ids_increase_across_people_and_are_never_reused_after_a_retraction()
    {
        var state = Remember(Hired(), Fact(personId: Bob), out var first);
        state = Remember(state, Fact(personId: Carol), out var second);
        state = Fold(state, PersonaDecider.Decide(Retract(second.FactId, personId: Carol), state, At));
        Remember(state, Fact(personId: Bob), out var third);

        Assert.Equal([1L, 2L, 3L], [first.FactId, second.FactId, third.FactId]);
    }

    [Fact]
    public void Remembering_a_fact_for_a_persona_never_hired_fails_with_not_found() =>
        Refused(RejectionReason.NotFound, () => PersonaDecider.Decide(Fact(), PersonaState.Initial, At));

    [Fact]
    public void A_fact_of_unspecified_kind_is_refused_naming_kind() =>
        RefusedAsInvalid("kind", () => PersonaDecider.Decide(Fact(kind: null), Hired(), At));

    [Fact]
    public void A_fact_of_an_unknown_kind_number_is_refused_naming_kind() =>
        RefusedAsInvalid("kind", () => PersonaDecider.Decide(Fact(kind: (PersonFactKind)42), Hired(), At));

    [Theory]
    [InlineData("")]
    [InlineData("bad id")]
    [InlineData("-starts-with-dash")]
    [InlineData("bob/../carol")]
    public void A_fact_about_an_invalid_person_id_is_refused_naming_personId(string personId) =>
        RefusedAsInvalid("personId", () => PersonaDecider.Decide(Fact(personId: personId), Hired(), At));

    [Fact]
    public void A_person_id_longer_than_64_characters_is_refused_naming_personId() =>
        RefusedAsInvalid("personId", () => PersonaDecider.Decide(Fact(personId: new string('b', 65)), Hired(), At));

    [Fact]
    public void A_person_id_of_64_characters_is_accepted() =>
        Assert.Single(PersonaDecider.Decide(Fact(personId: new string('b', 64)), Hired(), At));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_fact_without_text_is_refused(string text) =>
        RefusedAsInvalid("text", () => PersonaDecider.Decide(Fact(text: text), Hired(), At));

    [Fact]
    public void A_fact_text_of_2000_characters_with_line_breaks_is_accepted()
    {
        var text = new string('t', 1_000) + "\n" + new string('u', 999);
        Assert.Equal(text, Assert.IsType<PersonFactRemembered>(Assert.Single(PersonaDecider.Decide(Fact(text: text), Hired(), At))).Text);
    }

    [Fact]
    public void A_fact_text_longer_than_2000_characters_is_refused() =>
        RefusedAsInvalid("text", () => PersonaDecider.Decide(Fact(text: new string('t', PersonaLimits.MaxFactTextLength + 1)), Hired(), At));

    [Fact]
    public void A_subject_longer_than_100_characters_is_refused() =>
        RefusedAsInvalid("subject", () => PersonaDecider.Decide(Fact(subject: new string('s', PersonaLimits.MaxSubjectLength + 1)), Hired(), At));

    [Theory]
    [InlineData("tea\u0000")]
    [InlineData("te\u001fa")]
    [InlineData("tea\u007f")]
    [InlineData("t\u0085ea")]
    [InlineData("tea\u009f")]
    public void A_subject_with_control_characters_is_refused(string subject) =>
        RefusedAsInvalid("subject", () => PersonaDecider.Decide(Fact(subject: subject), Hired(), At));

    [Theory]
    [InlineData("t\u00e9a")]
    [InlineData("tea \u00a0time")]
    [InlineData("\u4e2d\u6587")]
    public void A_subject_with_printable_characters_beyond_ascii_is_accepted(string subject) =>
        Assert.Single(PersonaDecider.Decide(Fact(subject: subject), Hired(), At));

    [Fact]
    public void A_source_longer_than_200_characters_is_refused() =>
        RefusedAsInvalid("source", () => PersonaDecider.Decide(Fact(source: new string('s', PersonaLimits.MaxSourceLength + 1)), Hired(), At));

    [Fact]
    public void Remembering_a_fact_with_the_same_kind_and_subject_supersedes_the_older_one()
    {
        var state = Remember(Hired(), Fact(kind: PersonFactKind.Preference, subject: "Drinks", text: "Coffee."), out var older);
        state = Remember(state, Fact(kind: PersonFactKind.Preference, subject: "drinks", text: "Tea now."), out var newer);

        Assert.Equal(older.FactId, newer.SupersededFactId);
        var held = Assert.Single(state.FactsAbout(Bob));
        Assert.Equal(newer.FactId, held.FactId);
        Assert.Equal("Tea now.", held.Text);
    }

    [Fact]
    public void A_fact_of_another_kind_with_the_same_subject_does_not_supersede()
    {
        var state = Remember(Hired(), Fact(kind: PersonFactKind.Like, subject: "meetings", text: "Short ones."));
        state = Remember(state, Fact(kind: PersonFactKind.Dislike, subject: "meetings", text: "Long ones."), out var second);

        Assert.Equal(0, second.SupersededFactId);
        Assert.Equal(["Long ones.", "Short ones."], state.FactsAbout(Bob).Select(f => f.Text));
    }

    [Fact]
    public void A_fact_with_the_same_kind_and_subject_about_another_person_does_not_supersede()
    {
        var state = Remember(Hired(), Fact(personId: Bob, kind: PersonFactKind.Like, subject: "tea"));
        state = Remember(state, Fact(personId: Carol, kind: PersonFactKind.Like, subject: "tea"), out var carols);

        Assert.Equal(0, carols.SupersededFactId);
        Assert.Single(state.FactsAbout(Bob));
        Assert.Single(state.FactsAbout(Carol));
    }

    [Fact]
    public void Facts_without_a_subject_never_supersede_each_other()
    {
        var state = Remember(Hired(), Fact(kind: PersonFactKind.Note, text: "one"));
        state = Remember(state, Fact(kind: PersonFactKind.Note, text: "two"), out var second);

        Assert.Equal(0, second.SupersededFactId);
        Assert.Equal(2, state.FactsAbout(Bob).Count);
    }

    [Fact]
    public void A_persona_refuses_a_fact_beyond_MaxFactsPerPerson_with_failed_precondition()
    {
        var full = Full();

        Refused(RejectionReason.LimitReached, () => PersonaDecider.Decide(Fact(text: "one too many"), full, At));
    }

    [Fact]
    public void A_persona_full_of_facts_about_one_person_still_learns_about_another() =>
        Assert.Single(PersonaDecider.Decide(Fact(personId: Carol), Full(), At));

    [Fact]
    public void A_persona_full_of_facts_about_a_person_still_accepts_a_fact_that_supersedes_one()
    {
        var full = Full();

        var state = Remember(full, Fact(kind: PersonFactKind.Note, subject: "s-7", text: "replaced"), out var remembered);

        Assert.NotEqual(0, remembered.SupersededFactId);
        Assert.Equal(PersonaLimits.MaxFactsPerPerson, state.FactsAbout(Bob).Count);
    }

    private static PersonaState Full()
    {
        var state = Hired();
        for (var i = 0; i < PersonaLimits.MaxFactsPerPerson; i++)
            state = Remember(state, Fact(kind: PersonFactKind.Note, subject: $"s-{i}", text: $"fact {i}"));
        Assert.Equal(PersonaLimits.MaxFactsPerPerson, state.FactsAbout(Bob).Count);
        return state;
    }
}
