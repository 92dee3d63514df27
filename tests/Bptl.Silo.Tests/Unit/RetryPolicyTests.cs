using Bptl.Grains.Retries;

namespace Bptl.Silo.Tests.Unit;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new(3, TimeSpan.FromSeconds(10), 2, TimeSpan.FromSeconds(35), ["ArgumentException", "Acme.Billing.CardDeclined"], Jitter: 0);

    [Theory]
    [InlineData(null, 3, 10)]
    [InlineData(3, 2, 20)]
    [InlineData(2, 1, 35)]
    public void Decide_ReportsRetriesLeftAndTheBackoff(int? engineRetries, int retries, int timeoutSeconds)
    {
        var decision = Policy.Decide(engineRetries, retryable: true, errorType: null, requestedDelay: null, random: 0.5);

        decision.ShouldBe(new RetryDecision(retries, TimeSpan.FromSeconds(timeoutSeconds), Exhausted: false));
    }

    [Fact]
    public void Decide_LastRetryUsedUp_IsAnIncident() =>
        Policy.Decide(1, true, null, null, 0.5).ShouldBe(new RetryDecision(0, TimeSpan.Zero, Exhausted: true));

    [Theory]
    [InlineData("System.ArgumentException")]
    [InlineData("ArgumentException")]
    [InlineData("Acme.Billing.CardDeclined")]
    public void Decide_NonRetryableTypes_AreIncidentsAtOnce(string errorType) =>
        Policy.Decide(null, true, errorType, null, 0.5).Exhausted.ShouldBeTrue();

    [Fact]
    public void Decide_NotRetryable_IsAnIncidentAtOnce() =>
        Policy.Decide(null, retryable: false, null, null, 0.5).ShouldBe(new RetryDecision(0, TimeSpan.Zero, Exhausted: true));

    [Fact]
    public void Decide_RequestedDelay_OverridesThePolicy() =>
        Policy.Decide(null, true, null, TimeSpan.FromMinutes(3), 0.5).RetryTimeout.ShouldBe(TimeSpan.FromMinutes(3));

    [Fact]
    public void Delay_JitterStaysWithinItsSpread()
    {
        var jittered = Policy with { Jitter = 0.1 };

        jittered.Delay(1, 0).ShouldBe(TimeSpan.FromSeconds(9));
        jittered.Delay(1, 0.999999).ShouldBeInRange(TimeSpan.FromSeconds(10.99), TimeSpan.FromSeconds(11));
        jittered.Delay(60, 1).ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(35));
    }

    [Fact]
    public void ExponentialBackoff_GrowsWithJitterUpToItsCap()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

        backoff.Delay(1, 1).ShouldBe(TimeSpan.FromMilliseconds(100));
        backoff.Delay(1, 0).ShouldBe(TimeSpan.FromMilliseconds(50));
        backoff.Delay(4, 1).ShouldBe(TimeSpan.FromMilliseconds(800));
        backoff.Delay(100, 1).ShouldBe(TimeSpan.FromSeconds(5));
    }
}
