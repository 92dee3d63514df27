using Bptl.Demo.Silo.WorkUnits;
using Bptl.Grains.Checkpoints;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Variables;
using Bptl.WorkUnitTesting;

namespace Bptl.BuiltIns.Tests;

/// <summary>The checkpoint sample (the demo's pack-parcel) resumes after the last step it saved.</summary>
public sealed class CheckpointSampleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFreshRun_SavesEachStep_AndCompletes()
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddWorkUnit<PackParcel>(PackParcel.Name, PackParcel.Contract), Ct);
        var run = await host.RunAsync(PackParcel.Name, new VariableMap { ["orderNo"] = 4, ["amount"] = 10 }, businessKey: "order-4", cancellationToken: Ct);

        run.ProcessVariables.Get<string>("parcelId").ShouldBe("parcel-4");
        run.ProcessVariables.Get<string>("label").ShouldBe("label-4-order-4");
        run.Checkpoint.ShouldNotBeNull().ShouldContain("\"done\":2");
    }

    [Fact]
    public async Task ARunAfterACrash_ResumesAfterTheLastSavedStep()
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddWorkUnit<PackParcel>(PackParcel.Name, PackParcel.Contract), Ct);
        var checkpoint = new MemoryCheckpoint();
        // What an earlier run saved before its silo crashed: the label printed for another business key.
        await checkpoint.SaveAsync(new PackParcel.Progress(PackParcel.Stage.Labelled, "pick-4", "label-from-before-the-crash"), Ct);

        var run = await host.RunAsync(PackParcel.Name, new VariableMap { ["orderNo"] = 4, ["amount"] = 10 }, businessKey: "order-4",
            checkpoint: checkpoint, cancellationToken: Ct);

        run.ProcessVariables.Get<string>("label").ShouldBe("label-from-before-the-crash");
    }

    [Fact]
    public async Task AnOrderWithoutItsNumber_BreaksTheContract()
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddWorkUnit<PackParcel>(PackParcel.Name, PackParcel.Contract), Ct);
        var run = await host.RunAsync(PackParcel.Name, new VariableMap { ["amount"] = 10 }, cancellationToken: Ct);
        run.Result.ShouldBeOfType<FailureResult>().Retryable.ShouldBeFalse();
        run.IncidentMessage.ShouldNotBeNull().ShouldContain("the required input 'orderNo' (Integer) is missing");
    }
}
