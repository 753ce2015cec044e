using EDRS.Actors.Personas;
using EDRS.Grains.Runtime;
using Grpc.Core;
using static EDRS.Actors.Tests.Personas.Persona;

namespace EDRS.Actors.Tests.Personas;

/// <summary>A decider's rejection, as the grain's edge answers it: the one mapping from domain outcomes to status codes.</summary>
public sealed class GrainExceptionTests
{
    [Fact]
    public void An_invalid_argument_carries_its_code_field_and_description()
    {
        var refused = GrainException.From(Assert.Throws<CommandRejectedException>(() => PersonaDecider.Decide(Fact(text: ""), Hired(), HiredAt)));

        Assert.Equal(StatusCode.InvalidArgument, refused.Code);
        Assert.Equal("text", refused.Violations[0].Field);
        Assert.Equal("is required", refused.Violations[0].Description);
        Assert.Equal("text: is required", refused.Message);
    }

    [Fact]
    public void A_not_found_carries_its_code_and_no_violations()
    {
        var refused = GrainException.From(Assert.Throws<CommandRejectedException>(() => PersonaDecider.Decide(Fact(), PersonaState.Initial, HiredAt)));

        Assert.Equal(StatusCode.NotFound, refused.Code);
        Assert.Empty(refused.Violations);
    }

    [Theory]
    [InlineData(RejectionReason.Invalid, StatusCode.InvalidArgument)]
    [InlineData(RejectionReason.NotFound, StatusCode.NotFound)]
    [InlineData(RejectionReason.AlreadyExists, StatusCode.AlreadyExists)]
    [InlineData(RejectionReason.Conflict, StatusCode.FailedPrecondition)]
    [InlineData(RejectionReason.LimitReached, StatusCode.FailedPrecondition)]
    public void Every_rejection_reason_has_its_status_code(RejectionReason reason, StatusCode code) =>
        Assert.Equal(code, GrainException.From(new CommandRejectedException(reason, "refused", reason == RejectionReason.Invalid ? "field" : null)).Code);

    [Fact]
    public void A_grain_fault_keeps_the_code_message_and_violations()
    {
        var refused = GrainException.From(Assert.Throws<CommandRejectedException>(() => PersonaDecider.Decide(Hire(Profile(skills: [])), PersonaState.Initial, HiredAt)));

        var fault = refused.ToFault();

        Assert.Equal((int)StatusCode.InvalidArgument, fault.Code);
        Assert.Equal(refused.Message, fault.Message);
        Assert.Equal("profile.skills", Assert.Single(fault.Violations).Field);
    }

    [Fact]
    public void A_fault_carried_as_an_rpc_exception_keeps_its_status_and_field_violations()
    {
        var refused = GrainException.From(Assert.Throws<CommandRejectedException>(() => PersonaDecider.Decide(Fact(personId: "bad id"), Hired(), HiredAt)));

        var rpc = GrainFaults.ToRpcException(refused.ToFault());

        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Equal("personId", Assert.Single(GrainFaults.ViolationsOf(rpc)).Field);
    }
}
