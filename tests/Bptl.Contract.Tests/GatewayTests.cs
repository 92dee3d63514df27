using Bptl.Testing;
using Bptl.Camunda.Errors;
using Bptl.Variables;
using Bptl.Contract.Tests.Infrastructure;

namespace Bptl.Contract.Tests;

public sealed class GatewayTests(EngineFixture engine) : ContractTest(engine)
{
    private string Yes => Unique + "-yes";

    private string No => Unique + "-no";

    [Theory]
    [InlineData("${approved}", true)]
    [InlineData("${!approved}", false)]
    [InlineData("${amount > 3}", true)]
    [InlineData("${amount <= 3}", false)]
    [InlineData("${kind == 'gold'}", true)]
    [InlineData("${kind != \"gold\" || amount >= 100}", false)]
    [InlineData("${approved && kind == 'gold' && amount < 10}", true)]
    public async Task Gateway_ConditionChoosesThePath(string condition, bool yes)
    {
        await DeployAsync(Bpmn.WithGateway(Key, Topic, condition, Yes, No));
        var task = await StartAndFetchAsync();

        await CompleteAsync(task, new VariableMap { ["approved"] = true, ["amount"] = 5, ["kind"] = "gold" });

        (await FetchAsync(topic: yes ? Yes : No)).Count.ShouldBe(1);
        (await FetchAsync(topic: yes ? No : Yes)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Gateway_UnknownVariable_FailsTheCompleteAndNothingChanges()
    {
        await DeployAsync(Bpmn.WithGateway(Key, Topic, "${missing > 1}", Yes, No));
        var task = await StartAndFetchAsync();

        var error = await Should.ThrowAsync<CamundaServerErrorException>(() => CompleteAsync(task, new VariableMap { ["set"] = 1 }));

        error.StatusCode.ShouldBe(500);
        error.EngineMessage!.ShouldContain("missing");
        (await Client.ExternalTasks.GetAsync(task.Id, Ct)).WorkerId.ShouldBe(Worker);
        (await Client.ProcessInstances.GetVariablesAsync(task.ProcessInstanceId!, cancellationToken: Ct)).ContainsKey("set").ShouldBeFalse();
        await CompleteAsync(task, new VariableMap { ["missing"] = 5 });
        (await FetchAsync(topic: Yes)).Count.ShouldBe(1);
    }
}
