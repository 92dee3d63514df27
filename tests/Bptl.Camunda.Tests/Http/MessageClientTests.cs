using System.Text.Json;
using Bptl.Camunda.Errors;
using Bptl.Camunda.Messages;
using Bptl.Camunda.Tests.Support;
using Bptl.Variables;

namespace Bptl.Camunda.Tests.Http;

public sealed class MessageClientTests : IAsyncLifetime
{
    private const string NoMatch = """
        {"type":"RestException","message":"org.camunda.bpm.engine.MismatchingMessageCorrelationException: Cannot correlate message 'm': No process definition or execution matches the parameters","code":0}
        """;

    private FakePeer _peer = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _peer = await FakePeer.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _peer.DisposeAsync();

    [Fact]
    public async Task Correlate_SendsTheRequestAsCamundaExpectsIt_AndReturnsNothingWithoutResults()
    {
        using var client = Clients.For(_peer.EngineAddress);
        _peer.Answer(204);

        var results = await client.Messages.CorrelateAsync(new CorrelateMessageRequest
        {
            MessageName = "paid",
            BusinessKey = "order-1",
            ProcessVariables = new VariableMap { ["amount"] = VariableValue.Long(5) },
        }, Ct);

        results.ShouldBeEmpty();
        var request = _peer.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.PathAndQuery.ShouldBe("/engine-rest/message");
        var body = JsonDocument.Parse(request.Body).RootElement;
        body.GetProperty("messageName").GetString().ShouldBe("paid");
        body.GetProperty("businessKey").GetString().ShouldBe("order-1");
        body.GetProperty("processVariables").GetProperty("amount").GetProperty("type").GetString().ShouldBe("Long");
        body.TryGetProperty("tenantId", out _).ShouldBeFalse();
        body.GetProperty("resultEnabled").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Correlate_ResultEnabled_ReadsBothResultTypes()
    {
        using var client = Clients.For(_peer.EngineAddress);
        _peer.Answer(200, """
            [{"resultType":"Execution","execution":{"id":"e1","processInstanceId":"p1","ended":true,"tenantId":null},"processInstance":null,
              "variables":{"paid":{"type":"Boolean","value":true,"valueInfo":{}}}},
             {"resultType":"ProcessDefinition","execution":null,
              "processInstance":{"links":[],"id":"p2","definitionId":"d:1:x","businessKey":"b","caseInstanceId":null,"ended":false,"suspended":false,"tenantId":null}}]
            """);

        var results = await client.Messages.CorrelateAsync(new CorrelateMessageRequest
        {
            MessageName = "paid",
            All = true,
            ResultEnabled = true,
            VariablesInResultEnabled = true,
        }, Ct);

        results.Count.ShouldBe(2);
        results[0].ResultType.ShouldBe(MessageCorrelationResultType.Execution);
        results[0].Execution!.Id.ShouldBe("e1");
        results[0].ProcessInstanceId.ShouldBe("p1");
        results[0].Variables!.Get<bool>("paid").ShouldBeTrue();
        results[1].ResultType.ShouldBe(MessageCorrelationResultType.ProcessDefinition);
        results[1].ProcessInstance!.BusinessKey.ShouldBe("b");
        results[1].ProcessInstanceId.ShouldBe("p2");
    }

    [Fact]
    public async Task Correlate_NoMatch_IsAMessageCorrelationException()
    {
        using var client = Clients.For(_peer.EngineAddress);
        _peer.Answer(400, NoMatch);

        var error = await Should.ThrowAsync<CamundaMessageCorrelationException>(
            () => client.Messages.CorrelateAsync(new CorrelateMessageRequest { MessageName = "m" }, Ct));

        error.NothingMatched.ShouldBeTrue();
        error.Kind.ShouldBe(CamundaErrorKind.BadRequest);
        _peer.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Correlate_IsNotRetriedAfterAnAmbiguousFailure()
    {
        using var client = Clients.For(_peer.EngineAddress);
        _peer.Answer(503);

        await Should.ThrowAsync<CamundaTransientException>(
            () => client.Messages.CorrelateAsync(new CorrelateMessageRequest { MessageName = "m" }, Ct));

        _peer.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Correlate_IsRetriedWhenTheEngineRolledBack()
    {
        using var client = Clients.For(_peer.EngineAddress);
        _peer.AnswerInTurn((500, """{"type":"OptimisticLockingException","message":"ENGINE-03005 conflict","code":1}"""), (204, null));

        await client.Messages.CorrelateAsync(new CorrelateMessageRequest { MessageName = "m" }, Ct);

        _peer.Requests.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Correlate_RequestTheEngineWouldRefuse_IsRefusedBeforeSending(bool tenantConflict, bool variablesWithoutResult)
    {
        using var client = Clients.For(_peer.EngineAddress);

        await Should.ThrowAsync<ArgumentException>(() => client.Messages.CorrelateAsync(new CorrelateMessageRequest
        {
            MessageName = "m",
            TenantId = tenantConflict ? "t" : null,
            WithoutTenantId = tenantConflict,
            VariablesInResultEnabled = variablesWithoutResult,
        }, Ct));

        _peer.Requests.ShouldBeEmpty();
    }
}
