using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Tasks;
using Bptl.Storage.Tasks;
using Bptl.Variables;
using Microsoft.Extensions.DependencyInjection;

namespace Bptl.Silo.Tests.Unit;

public sealed class GrainUnitTests
{
    [Fact]
    public void LockKeeper_ExtendsWhenTheConfiguredShareOfTheLockIsLeft()
    {
        var expiry = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        LockKeeper.NextExtension(expiry, TimeSpan.FromMinutes(10), 0.5).ShouldBe(expiry.AddMinutes(-5));
        LockKeeper.NextExtension(expiry, TimeSpan.FromSeconds(4), 0.25).ShouldBe(expiry.AddSeconds(-1));
    }

    [Theory]
    [InlineData(TaskOutcomeKind.Complete, 0, TaskGrainState.Completed)]
    [InlineData(TaskOutcomeKind.BpmnError, 0, TaskGrainState.BpmnError)]
    [InlineData(TaskOutcomeKind.Failure, 2, TaskGrainState.Failed)]
    [InlineData(TaskOutcomeKind.Failure, 0, TaskGrainState.Incident)]
    public void AcknowledgedState_FollowsTheOutcome(TaskOutcomeKind kind, int retries, TaskGrainState expected) =>
        OutcomeReporter.Acknowledged(new TaskOutcome { Kind = kind, Retries = retries }).ShouldBe(expected);

    [Fact]
    public void OutcomeJson_RoundTripsEveryField()
    {
        var outcome = TaskOutcome.Failure("boom", "at Foo()", 2, TimeSpan.FromSeconds(30), "System.IO.IOException", "refused") with
        {
            Variables = new VariableMap { ["a"] = 1, ["when"] = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(2)) },
            LocalVariables = new VariableMap { ["b"] = "x" },
        };

        var back = OutcomeJson.Deserialize(OutcomeJson.Serialize(outcome))!;

        back.Kind.ShouldBe(TaskOutcomeKind.Failure);
        back.ErrorMessage.ShouldBe("boom");
        back.ErrorDetails.ShouldBe("at Foo()");
        back.ErrorType.ShouldBe("System.IO.IOException");
        back.Retries.ShouldBe(2);
        back.RetryTimeout.ShouldBe(TimeSpan.FromSeconds(30));
        back.Reason.ShouldBe("refused");
        back.Variables!["a"].ShouldBe(VariableValue.Integer(1));
        back.Variables["when"].ShouldBe(outcome.Variables["when"]);
        back.LocalVariables!["b"].ShouldBe(VariableValue.String("x"));
    }

    [Fact]
    public void States_RoundTripThroughTheirStoredNames()
    {
        foreach (var state in Enum.GetValues<TaskGrainState>())
        {
            TaskGrainStates.Parse(TaskGrainStates.ToName(state)).ShouldBe(state);
        }
    }

    private sealed class A : IWorkUnit
    {
        public Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken) => Task.FromResult<WorkUnitResult>(WorkUnitResult.Complete());
    }

    private sealed class B : IWorkUnit
    {
        public Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken) => Task.FromResult<WorkUnitResult>(WorkUnitResult.Complete());
    }

    [Fact]
    public void AddWorkUnit_TwiceIsHarmless_ButOneNameCannotMeanTwoTypes()
    {
        var services = new ServiceCollection().AddWorkUnit<A>("pay").AddWorkUnit<A>("pay").AddWorkUnit<A>("refund");

        services.Count(d => d.ServiceType == typeof(WorkUnitRegistration)).ShouldBe(2);
        Should.Throw<InvalidOperationException>(() => services.AddWorkUnit<B>("pay")).Message.ShouldContain("'pay' is already taken");
        Should.Throw<ArgumentException>(() => services.AddWorkUnit<B>("has space")).Message.ShouldContain("is not a valid work unit name");
    }

    [Fact]
    public void Failure_RefusesANegativeDelay() =>
        Should.Throw<ArgumentOutOfRangeException>(() => WorkUnitResult.Failure("x", retryDelay: TimeSpan.FromSeconds(-1)));
}
