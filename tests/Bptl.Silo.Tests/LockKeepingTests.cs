using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Sandbox.Faults;
using Bptl.Testing;
using Bptl.Testing.Cluster;

namespace Bptl.Silo.Tests;

public sealed class LockKeepingTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WorkUnitRunningThreeTimesItsLockDuration_Completes()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("long", "long-work", ("LockDuration", "00:00:01"));
        scenario.Scripts.Add("long-work", async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            return WorkUnitResult.Complete();
        });
        await scenario.DeployAsync("long", Bpmn.OneTask("long", "long"));
        await scenario.StartSiloAsync("s1");
        await scenario.StartInstanceAsync("long");

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(30),
            "the long task completes", scenario.Dump);

        scenario.Engine.Calls[SandboxEndpoint.ExtendLock].ShouldBeGreaterThanOrEqualTo(4);
        scenario.Engine.Calls[SandboxEndpoint.FetchAndLock].ShouldBeGreaterThanOrEqualTo(1);
        (await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_task_event WHERE kind = 'lock_extended'")).ShouldBeGreaterThanOrEqualTo(4);
    }

    [Fact]
    public async Task LostLock_CancelsTheWorkUnit_AndNothingIsReported()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.Topic("stolen", "waits", ("LockDuration", "00:00:02"));
        scenario.Scripts.Add("waits", async (ctx, ct) =>
        {
            started.TrySetResult(ctx.TaskId);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }

            return WorkUnitResult.Complete();
        });
        await scenario.DeployAsync("stolen", Bpmn.OneTask("stolen", "stolen"));
        await scenario.StartSiloAsync("s1");
        await scenario.StartInstanceAsync("stolen");
        var taskId = await started.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        // The engine refuses the next extension the way it does when another worker holds the task.
        scenario.Engine.Faults.FailNext(SandboxEndpoint.ExtendLock, count: 1, statusCode: 400, type: "RestException",
            message: $"The lock of the External Task {taskId} cannot be extended by worker 'bptl''. It is locked by worker 'thief'.");

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await Eventually.TrueAsync(
            async () => await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_task_event WHERE kind = 'settled' AND detail->>'state' = 'lost'") == 1,
            TimeSpan.FromSeconds(10), "the activation settles as lost", scenario.Dump);
        scenario.Engine.Calls[SandboxEndpoint.Complete].ShouldBe(0);
        scenario.Engine.Calls[SandboxEndpoint.Failure].ShouldBe(0);
        scenario.Engine.Calls[SandboxEndpoint.BpmnError].ShouldBe(0);
    }

    [Fact]
    public async Task LostLock_AWorkUnitThatIgnoresCancellation_HasItsResultDiscarded()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var returned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.Topic("stubborn", "ignores-cancellation", ("LockDuration", "00:00:02"));
        scenario.Scripts.Add("ignores-cancellation", async (ctx, ct) =>
        {
            using var registration = ct.Register(() => cancelRequested.TrySetResult());
            started.TrySetResult(ctx.TaskId);
            await release.Task;
            returned.TrySetResult();
            return WorkUnitResult.Complete();
        });
        await scenario.DeployAsync("stubborn", Bpmn.OneTask("stubborn", "stubborn"));
        await scenario.StartSiloAsync("s1");
        await scenario.StartInstanceAsync("stubborn");
        var taskId = await started.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        scenario.Engine.Faults.FailNext(SandboxEndpoint.ExtendLock, count: 1, statusCode: 400, type: "RestException",
            message: $"The lock of the External Task {taskId} cannot be extended by worker 'bptl''. It is locked by worker 'thief'.");
        await cancelRequested.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        release.TrySetResult();
        await returned.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await Eventually.TrueAsync(
            async () => await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_task_event WHERE kind = 'settled' AND detail->>'state' = 'lost'") == 1,
            TimeSpan.FromSeconds(10), "the activation settles as lost", scenario.Dump);
        scenario.Engine.Calls[SandboxEndpoint.Complete].ShouldBe(0);
        (await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_task_event WHERE kind = 'outcome'")).ShouldBe(0);
    }
}
