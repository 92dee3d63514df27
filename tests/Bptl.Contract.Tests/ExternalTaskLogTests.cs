using Bptl.Camunda.ExternalTasks;
using Bptl.Camunda.History;
using Bptl.Contract.Tests.Infrastructure;

namespace Bptl.Contract.Tests;

/// <summary>The external-task log (history level full) and what the client reads from it.</summary>
public sealed class ExternalTaskLogTests(EngineFixture engine) : ContractTest(engine)
{
    [Fact]
    public async Task Log_RecordsCreationFailureAndSuccess()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        await Client.ExternalTasks.HandleFailureAsync(task.Id, new ReportExternalTaskFailure
        {
            WorkerId = Worker,
            ErrorMessage = "first try failed",
            Retries = 1,
            RetryTimeout = TimeSpan.Zero,
        }, Ct);
        await CompleteAsync(task);

        var log = await Client.History.ListExternalTaskLogAsync(new ExternalTaskLogQuery { ExternalTaskId = task.Id }, Ct);

        log.Count(e => e.CreationLog).ShouldBe(1);
        var failure = log.Single(e => e.FailureLog);
        failure.ErrorMessage.ShouldBe("first try failed");
        failure.Retries.ShouldBe(1);
        failure.WorkerId.ShouldBe(Worker);
        log.Count(e => e.SuccessLog).ShouldBe(1);
        log.ShouldAllBe(e => e.ExternalTaskId == task.Id && e.TopicName == Topic && e.ProcessInstanceId == task.ProcessInstanceId);
        (await Client.History.ListExternalTaskLogAsync(new ExternalTaskLogQuery { ExternalTaskId = task.Id, SuccessLog = true }, Ct))
            .ShouldHaveSingleItem();
    }

    [Fact]
    public async Task GetHandling_TellsOpenCompletedAndDeletedApart()
    {
        await DeployOneTaskAsync();
        await StartAsync();
        await StartAsync();
        var tasks = await FetchAsync();
        tasks.Count.ShouldBe(2);

        (await Client.ExternalTasks.GetHandlingAsync(tasks[0].Id, Ct)).ShouldBe(ExternalTaskHandling.Open);
        await CompleteAsync(tasks[0]);
        await Client.ProcessInstances.DeleteAsync(tasks[1].ProcessInstanceId!, cancellationToken: Ct);

        (await Client.ExternalTasks.GetHandlingAsync(tasks[0].Id, Ct)).ShouldBe(ExternalTaskHandling.Completed);
        (await Client.ExternalTasks.GetHandlingAsync(tasks[1].Id, Ct)).ShouldBe(ExternalTaskHandling.Deleted);
        (await Client.ExternalTasks.GetHandlingAsync("never-" + Unique, Ct)).ShouldBe(ExternalTaskHandling.Unknown);
    }
}
