using Bptl.Camunda.Errors;
using Bptl.Camunda.Http;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Bptl.Camunda.Resilience;

/// <summary>
/// Retries what is safe to retry, with exponential backoff and jitter, and bounds each attempt's time.
/// </summary>
/// <remarks>
/// Every request carries its <see cref="RetrySafety"/>. An attempt that certainly did not reach the engine (a refused
/// connection), or that the engine rolled back (optimistic locking, deadlock, a full long-poll queue, 429), is retried
/// whatever the request. An attempt whose outcome is unknown (a timeout, a connection dropped mid-request, a
/// 502/503/504 from a proxy) is retried only for <see cref="RetrySafety.Idempotent"/> requests, and the request is
/// marked so that a final 404 can say the earlier attempt may have succeeded.
/// </remarks>
internal sealed partial class CamundaResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<AttemptState> StateKey = new("bptl.camunda.attempt-state");
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ILogger _logger;

    public CamundaResilienceHandler(CamundaRetryOptions retry, TimeProvider timeProvider, ILogger logger)
    {
        _logger = logger;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldHandle = static args => ShouldRetryAsync(args.Context, args.Outcome),
                OnRetry = args =>
                {
                    var state = args.Context.Properties.GetValue(StateKey, null!);
                    LogRetry(_logger, state.Request.Method.Method, state.Request.RequestUri?.OriginalString,
                        args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds, state.LastFailure);
                    return default;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = static args =>
                ValueTask.FromResult(args.Context.Properties.GetValue(StateKey, null!).AttemptTimeout),
        });
        _pipeline = builder.Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var state = new AttemptState(request, this);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StateKey, state);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, s) =>
                {
                    s.Attempts++;
                    try
                    {
                        return Outcome.FromResult(await s.Handler.SendOnceAsync(s.Request, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context, state).ConfigureAwait(false);

            request.Options.Set(CamundaRequestOptions.Attempts, state.Attempts);
            request.Options.Set(CamundaRequestOptions.EarlierAttemptUnanswered, state.EarlierAttemptUnanswered);
            request.Options.Set(CamundaRequestOptions.TimedOut, outcome.Exception is TimeoutRejectedException);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private static async ValueTask<bool> ShouldRetryAsync(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        if (context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var state = context.Properties.GetValue(StateKey, null!);
        var verdict = await ClassifyAsync(outcome, context.CancellationToken).ConfigureAwait(false);
        state.LastFailure = verdict.Reason;
        switch (verdict.Kind)
        {
            case AttemptKind.Refused:
                return true;
            case AttemptKind.Ambiguous when state.Safety == RetrySafety.Idempotent:
                state.EarlierAttemptUnanswered = true;
                return true;
            default:
                return false;
        }
    }

    private static async ValueTask<(AttemptKind Kind, string Reason)> ClassifyAsync(Outcome<HttpResponseMessage> outcome,
        CancellationToken cancellationToken)
    {
        switch (outcome.Exception)
        {
            case null:
                break;
            case TimeoutRejectedException:
                return (AttemptKind.Ambiguous, "a timeout");
            case CamundaTransientException { NotSent: true } t:
                return (AttemptKind.Refused, t.Message);
            case CamundaException:
                return (AttemptKind.Final, "");
            case HttpRequestException or IOException or OperationCanceledException:
                return CamundaErrorMapper.IsNotSent(outcome.Exception)
                    ? (AttemptKind.Refused, "a refused connection")
                    : (AttemptKind.Ambiguous, "a connection failure");
            default:
                return (AttemptKind.Final, "");
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status == 429)
        {
            return (AttemptKind.Refused, "429");
        }

        if (CamundaErrorMapper.IsTransientStatus(status))
        {
            return (AttemptKind.Ambiguous, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (status == 500)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (EngineError.TryParse(body, out var type, out var message, out var code)
                && CamundaErrorMapper.IsRefusedAndRetryable(status, type, message, code))
            {
                return (AttemptKind.Refused, $"500 {type}");
            }
        }

        return (AttemptKind.Final, "");
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Retrying Camunda {Method} {Path}: attempt {Attempt} in {DelayMs} ms after {Failure}")]
    private static partial void LogRetry(ILogger logger, string method, string? path, int attempt, long delayMs, string failure);

    private enum AttemptKind
    {
        Final,
        Refused,
        Ambiguous,
    }

    private sealed class AttemptState(HttpRequestMessage request, CamundaResilienceHandler handler)
    {
        public HttpRequestMessage Request { get; } = request;

        public CamundaResilienceHandler Handler { get; } = handler;

        public RetrySafety Safety { get; } = CamundaRequestOptions.Get(request, CamundaRequestOptions.Safety, RetrySafety.NotIdempotent);

        public TimeSpan AttemptTimeout { get; } = CamundaRequestOptions.Get(request, CamundaRequestOptions.AttemptTimeout, Timeout.InfiniteTimeSpan);

        public int Attempts { get; set; }

        public bool EarlierAttemptUnanswered { get; set; }

        public string LastFailure { get; set; } = "";
    }
}
