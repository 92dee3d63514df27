using Bptl.Sandbox.Tests.Support;
using TestModels = Bptl.Testing.Bpmn;

namespace Bptl.Sandbox.Tests.Http;

/// <summary>The request checks of POST /message, in Camunda's order and with its bodies.</summary>
public sealed class MessageRequestErrorTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxClient Client => fixture.Client;

    private Task<Reply> CorrelateAsync(string json) => Client.PostAsync("message", json);

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"businessKey":"b","tenantId":"t","withoutTenantId":true}""")]
    public async Task Correlate_WithoutMessageName_Is400(string body) =>
        (await CorrelateAsync(body)).ShouldBeError(400, "InvalidRequestException", "No message name supplied", null);

    [Fact]
    public async Task Correlate_EmptyBody_Is400NoMessageName() =>
        (await Client.SendAsync(HttpMethod.Post, "message", new StringContent("", System.Text.Encoding.UTF8, "application/json")))
            .ShouldBeError(400, "InvalidRequestException", "No message name supplied", null);

    [Fact]
    public async Task Correlate_MalformedJson_Is400WithAnEmptyMessage() =>
        (await CorrelateAsync("""{"messageName":""")).ShouldBeError(400, "InvalidRequestException", "", null);

    [Fact]
    public async Task Correlate_TenantIdAndWithoutTenantId_Is400() =>
        (await CorrelateAsync("""{"messageName":"m","tenantId":"t","withoutTenantId":true}"""))
            .ShouldBeError(400, "InvalidRequestException", "Parameter 'tenantId' cannot be used together with parameter 'withoutTenantId'.", null);

    [Fact]
    public async Task Correlate_VariablesInResultWithoutResult_Is400() =>
        (await CorrelateAsync("""{"messageName":"m","variablesInResultEnabled":true}"""))
            .ShouldBeError(400, "InvalidRequestException", "Parameter 'variablesInResultEnabled' cannot be used without 'resultEnabled' set to true.", null);

    [Theory]
    [InlineData("\"tenantId\":\"t\"")]
    [InlineData("\"withoutTenantId\":true")]
    public async Task Correlate_ProcessInstanceIdWithATenantFilter_Is400BadUserRequest(string tenant) =>
        (await CorrelateAsync($$"""{"messageName":"m","processInstanceId":"p",{{tenant}}}"""))
            .ShouldBeError(400, "BadUserRequestException", "ENGINE-13028 Cannot specify a tenant-id when correlate a message to a single process instance.", 0);

    [Theory]
    [InlineData("processVariables")]
    [InlineData("processVariablesLocal")]
    [InlineData("correlationKeys")]
    [InlineData("localCorrelationKeys")]
    public async Task Correlate_UnknownVariableType_Is400CannotDeliver(string map) =>
        (await CorrelateAsync($$"""{"messageName":"m","{{map}}":{"x":{"value":1,"type":"Foo"} } }"""))
            .ShouldBeError(400, "InvalidRequestException", "Cannot deliver message: Unsupported value type 'Foo'", null);

    [Fact]
    public async Task Correlate_UnconvertibleDate_Is400CannotDeliver()
    {
        var reply = await CorrelateAsync("""{"messageName":"m","processVariables":{"d":{"value":"yesterday","type":"Date"} } }""");

        reply.ShouldBeStatus(400);
        reply.Json.Str("type").ShouldBe("InvalidRequestException");
        reply.Json.Str("message").ShouldStartWith("Cannot deliver message: Cannot convert value 'yesterday' of type 'Date'");
    }

    [Fact]
    public async Task Correlate_OnABinaryCorrelationKey_Is500()
    {
        var reply = await CorrelateAsync("""{"messageName":"m","correlationKeys":{"blob":{"value":"AAE=","type":"Bytes"} } }""");

        reply.ShouldBeStatus(500);
        reply.Json.Str("type").ShouldBe("ProcessEngineException");
        reply.Json.Str("message").ShouldContain("correlation key 'blob'");
    }

    [Fact]
    public async Task Correlate_UnknownMessage_Is400NoMatch() =>
        (await CorrelateAsync("""{"messageName":"nobody-listens","businessKey":"b"}""")).ShouldBeError(400, "RestException",
            "org.camunda.bpm.engine.MismatchingMessageCorrelationException: Cannot correlate message 'nobody-listens': "
            + "No process definition or execution matches the parameters", 0);

    [Fact]
    public async Task Correlate_FaultInjection_NamesTheEndpointCorrelateMessage()
    {
        var key = Models.Unique("fault");
        await Client.DeployOkAsync(TestModels.WithReceiveTask(key, key + "-message", key));
        await Client.StartAsync(key);
        var before = fixture.Engine.Calls[Faults.SandboxEndpoint.CorrelateMessage];
        using var control = new SandboxClient(fixture.Engine.ControlAddress);
        (await control.PostAsync("faults", """{"endpoint":"correlateMessage","kind":"fail","status":503}""")).ShouldBeStatus(204);

        (await CorrelateAsync($$"""{"messageName":"{{key}}-message"}""")).ShouldBeStatus(503);
        (await CorrelateAsync($$"""{"messageName":"{{key}}-message"}""")).ShouldBeStatus(204);

        fixture.Engine.Calls[Faults.SandboxEndpoint.CorrelateMessage].ShouldBe(before + 2);
    }
}
