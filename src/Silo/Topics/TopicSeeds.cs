using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Retries;
using Bptl.Grains.Topics;
using Bptl.Silo.Options;

namespace Bptl.Silo.Topics;

/// <summary>Turns configured topic seeds into settings.</summary>
internal static class TopicSeeds
{
    public static TopicSettings ToSettings(TopicSeed seed) => new()
    {
        Key = new TopicKey(seed.Engine, seed.Topic!),
        WorkUnit = seed.WorkUnit!,
        Enabled = seed.Enabled,
        SiloGroup = seed.SiloGroup,
        LockDuration = seed.LockDuration,
        MaxTasksPerFetch = seed.MaxTasksPerFetch,
        Concurrency = seed.Concurrency,
        Retry = new RetryPolicy(seed.Retries, seed.RetryInitialDelay, seed.RetryFactor, seed.RetryMaxDelay, [.. seed.NonRetryable]),
        Variables = seed.Variables.Count == 0 ? null : [.. seed.Variables],
        ContractErrorCode = seed.ContractErrorCode,
    };
}
