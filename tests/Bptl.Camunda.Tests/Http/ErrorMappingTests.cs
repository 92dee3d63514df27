using Bptl.Camunda.Errors;
using Bptl.Camunda.ExternalTasks;
using Bptl.Camunda.Tests.Support;

namespace Bptl.Camunda.Tests.Http;

public sealed class ErrorMappingTests : IAsyncLifetime
{
    private FakePeer _peer = null!;
    private CamundaClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _peer = await FakePeer.StartAsync(Ct);
        _client = Clients.For(_peer.EngineAddress, o => o.Retry.MaxAttempts = 1);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _peer.DisposeAsync();
    }

    private Task Complete() => _client.ExternalTasks.CompleteAsync("t1", new CompleteExternalTask { WorkerId = "w" }, Ct);

    [Fact]
    public async Task NotFound_CarriesTheEngineBody()
    {
        _peer.Answer(404, """{"type":"RestException","message":"External task with id t1 does not exist","code":0}""");

        var error = await Should.ThrowAsync<CamundaNotFoundException>(Complete);

        error.Kind.ShouldBe(CamundaErrorKind.NotFound);
        error.StatusCode.ShouldBe(404);
        error.EngineErrorType.ShouldBe("RestException");
        error.EngineMessage.ShouldBe("External task with id t1 does not exist");
        error.EngineErrorCode.ShouldBe(0);
        error.EarlierAttemptMayHaveSucceeded.ShouldBeFalse();
        error.Message.ShouldContain("POST external-task/t1/complete failed with 404");
    }

    [Fact]
    public async Task WrongWorker_IsALockConflict()
    {
        _peer.Answer(400, """{"type":"RestException","message":"External Task t1 cannot be completed by worker 'w'. It is locked by worker 'x'.","code":0}""");

        var error = await Should.ThrowAsync<CamundaLockConflictException>(Complete);

        error.Kind.ShouldBe(CamundaErrorKind.LockConflict);
        error.ShouldBeAssignableTo<CamundaBadRequestException>();
    }

    [Fact]
    public async Task OtherBadRequest_IsABadRequest()
    {
        _peer.Answer(400, """{"type":"InvalidRequestException","message":"","code":null}""");

        var error = await Should.ThrowAsync<CamundaBadRequestException>(Complete);

        error.Kind.ShouldBe(CamundaErrorKind.BadRequest);
        error.EngineErrorCode.ShouldBeNull();
    }

    [Theory]
    [InlineData(401, CamundaErrorKind.Unauthorized)]
    [InlineData(403, CamundaErrorKind.Forbidden)]
    public async Task AuthFailures_AreUnauthorized(int status, CamundaErrorKind kind)
    {
        _peer.Answer(status);

        var error = await Should.ThrowAsync<CamundaUnauthorizedException>(Complete);

        error.Kind.ShouldBe(kind);
    }

    [Fact]
    public async Task PlainServerError_IsAServerError()
    {
        _peer.Answer(500, """{"type":"NullValueException","message":"workerId is null","code":0}""");

        var error = await Should.ThrowAsync<CamundaServerErrorException>(Complete);

        error.IsTransient.ShouldBeFalse();
        error.EngineMessage.ShouldBe("workerId is null");
    }

    [Theory]
    [InlineData(500, """{"type":"OptimisticLockingException","message":"ENGINE-03005 ...","code":1}""")]
    [InlineData(500, """{"type":"InvalidRequestException","message":"At the moment the server has to handle too many requests at the same time. Please try again later.","code":null}""")]
    [InlineData(502, null)]
    [InlineData(503, null)]
    [InlineData(504, "<html>gateway</html>")]
    public async Task PassingFailures_AreTransient(int status, string? body)
    {
        _peer.Answer(status, body);

        var error = await Should.ThrowAsync<CamundaTransientException>(Complete);

        error.StatusCode.ShouldBe(status);
        error.IsTransient.ShouldBeTrue();
    }

    [Fact]
    public async Task ConnectionRefused_IsTransientAndNotSent()
    {
        using var client = Clients.For(Clients.ClosedPort(), o => o.Retry.MaxAttempts = 2);

        var error = await Should.ThrowAsync<CamundaTransientException>(
            () => client.ExternalTasks.CompleteAsync("t1", new CompleteExternalTask { WorkerId = "w" }, Ct));

        error.NotSent.ShouldBeTrue();
        error.StatusCode.ShouldBeNull();
        error.Details.Attempts.ShouldBe(2);
        error.Message.ShouldContain("could not be made");
    }

    [Fact]
    public async Task MalformedSuccessBody_IsAnInvalidResponse()
    {
        _peer.Answer(200, """[{"id": 1, """);

        var error = await Should.ThrowAsync<CamundaInvalidResponseException>(() => _client.ExternalTasks.FetchAndLockAsync(
            new FetchAndLockRequest { WorkerId = "w", MaxTasks = 1, Topics = [new FetchTopic { TopicName = "t", LockDuration = TimeSpan.FromSeconds(1) }] }, Ct));

        error.Kind.ShouldBe(CamundaErrorKind.InvalidResponse);
        error.Message.ShouldContain("list of LockedExternalTask");
    }

    [Fact]
    public async Task UnknownVariableTypeInFetch_DoesNotBreakTheBatch()
    {
        _peer.Answer(200, """
            [{"id":"a","topicName":"t","variables":{"odd":{"type":"Spreadsheet","value":{"x":1},"valueInfo":{}},"n":{"type":"Long","value":3,"valueInfo":{}}}},
             {"id":"b","topicName":"t","variables":{}}]
            """);

        var tasks = await _client.ExternalTasks.FetchAndLockAsync(
            new FetchAndLockRequest { WorkerId = "w", MaxTasks = 2, Topics = [new FetchTopic { TopicName = "t", LockDuration = TimeSpan.FromSeconds(1) }] }, Ct);

        tasks.Count.ShouldBe(2);
        tasks[0].Variables.Get<long>("n").ShouldBe(3);
        tasks[0].Variables["odd"].TypeName.ShouldBe("Spreadsheet");
    }
}
