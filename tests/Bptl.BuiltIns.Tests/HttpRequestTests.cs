using System.Net;
using Bptl.BuiltIns.Hosting;
using Bptl.BuiltIns.Http;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Services;
using Bptl.Variables;
using Bptl.WorkUnitTesting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bptl.BuiltIns.Tests;

public sealed class HttpRequestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendsTheTemplatedRequest_AndSetsTheJsonResponseAndStatus()
    {
        await using var peer = await LoopbackService.StartAsync(Ct);
        peer.Respond = c =>
        {
            c.Response.StatusCode = 201;
            return c.Response.WriteAsJsonAsync(new { id = "P-1", total = 12.5 });
        };
        await using var host = await StartAsync(peer);

        var run = await host.RunAsync(HttpRequestWorkUnit.Name, new VariableMap
        {
            ["service"] = "shop",
            ["method"] = "post",
            ["path"] = "orders/{{orderId}}/payments?note={{note}}",
            ["headers"] = VariableValue.Json("""{"X-Order": "{{orderId}}"}"""),
            ["body"] = """{"amount": {{amount|json}}, "note": {{note|json}}}""",
            ["responseVariable"] = "payment",
            ["orderId"] = "A 17",
            ["amount"] = 12.5,
            ["note"] = "rush & \"fragile\"",
        }, cancellationToken: Ct);

        var sent = peer.Requests.ShouldHaveSingleItem();
        sent.Method.ShouldBe("POST");
        sent.PathAndQuery.ShouldBe("/api/orders/A%2017/payments?note=rush%20%26%20%22fragile%22");
        sent.Headers["X-Order"].ShouldBe("A 17");
        sent.Headers["Content-Type"].ShouldStartWith("application/json");
        sent.Body.ShouldBe("""{"amount": 12.5, "note": "rush & \"fragile\""}""");
        run.ProcessVariables.Get<int>("httpStatus").ShouldBe(201);
        run.ProcessVariables["payment"].Type.ShouldBe(VariableType.Json);
        run.ProcessVariables.Get<System.Text.Json.JsonElement>("payment").GetProperty("id").GetString().ShouldBe("P-1");
    }

    [Theory]
    [InlineData(404, null, "failure")]
    [InlineData(503, null, "retry")]
    [InlineData(429, null, "retry")]
    [InlineData(404, """{"404": "bpmn:NOT_FOUND"}""", "bpmn:NOT_FOUND")]
    [InlineData(409, """{"4xx": "complete"}""", "complete")]
    [InlineData(500, """{"5xx": "failure", "503": "retry"}""", "failure")]
    public async Task MapsStatuses_ToOutcomes(int status, string? mapping, string expected)
    {
        await using var peer = await LoopbackService.StartAsync(Ct);
        peer.Respond = c =>
        {
            c.Response.StatusCode = status;
            return c.Response.WriteAsync("plain answer", Ct);
        };
        await using var host = await StartAsync(peer);
        var variables = new VariableMap { ["service"] = "shop", ["path"] = "x" };
        if (mapping is not null)
        {
            variables["statusMapping"] = VariableValue.Json(mapping);
        }

        var run = await host.RunAsync(HttpRequestWorkUnit.Name, variables, cancellationToken: Ct);

        switch (run.Result)
        {
            case CompleteResult:
                expected.ShouldBe("complete");
                run.ProcessVariables.Get<string>("httpResponse").ShouldBe("plain answer");
                break;
            case BpmnErrorResult error:
                ("bpmn:" + error.ErrorCode).ShouldBe(expected);
                run.ProcessVariables.Get<int>("httpStatus").ShouldBe(status);
                break;
            case FailureResult failure:
                (failure.Retryable ? "retry" : "failure").ShouldBe(expected);
                failure.Message.ShouldContain($"answered {status}");
                failure.Details.ShouldBe("plain answer");
                break;
        }
    }

    [Fact]
    public async Task AnOversizedResponse_IsAFailureNotATruncatedVariable()
    {
        await using var peer = await LoopbackService.StartAsync(Ct);
        peer.Respond = c => c.Response.WriteAsync(new string('x', HttpRequestWorkUnit.MaxResponseBytes + 10), Ct);
        await using var host = await StartAsync(peer);

        var run = await host.RunAsync(HttpRequestWorkUnit.Name, new VariableMap { ["service"] = "shop" }, cancellationToken: Ct);

        run.IncidentMessage.ShouldNotBeNull().ShouldContain("larger than 1048576 bytes");
    }

    [Theory]
    [InlineData("path", "orders/{{nope}}", "the variable 'nope', which the process does not have")]
    [InlineData("path", "http://elsewhere.example/x", "must be relative to the service's base URL")]
    [InlineData("statusMapping", """{"6xx": "complete"}""", "neither a status")]
    [InlineData("statusMapping", """{"404": "panic"}""", "must be complete, failure, retry or bpmn:<errorCode>")]
    [InlineData("service", "nowhere", "No external service is named 'nowhere'")]
    [InlineData("path", "../admin", "'..' segments are not allowed")]
    [InlineData("path", "//elsewhere.example/x", "must be relative to the service's base URL")]
    [InlineData("headers", "{\"X-Count\": 3}", "must be a string template")]
    public async Task BadInput_IsAnIncidentWithAClearMessage_AndNothingIsSent(string variable, string value, string message)
    {
        await using var peer = await LoopbackService.StartAsync(Ct);
        await using var host = await StartAsync(peer);
        var variables = new VariableMap { ["service"] = "shop", [variable] = variable is "statusMapping" or "headers" ? VariableValue.Json(value) : value };

        var run = await host.RunAsync(HttpRequestWorkUnit.Name, variables, cancellationToken: Ct);

        run.IncidentMessage.ShouldNotBeNull().ShouldContain(message);
        run.Result.ShouldBeOfType<FailureResult>().Retryable.ShouldBeFalse();
        peer.Requests.ShouldBeEmpty();
    }

    private static Task<WorkUnitTestHost> StartAsync(LoopbackService peer) =>
        WorkUnitTestHost.StartAsync(s => s.AddBptlBuiltInWorkUnits().AddSingleton<IExternalServicesFactory>(peer), Ct);
}
