using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Retries;
using Bptl.Grains.Topics;
using Bptl.Storage.Schema;
using Dapper;
using Npgsql;

namespace Bptl.Storage.Topics;

/// <summary>Topic configuration: seeded from configuration at start, changed at run time, read by every silo.</summary>
public sealed class TopicStore(NpgsqlDataSource db)
{
    /// <summary>Every configured topic.</summary>
    public async Task<IReadOnlyList<TopicSettings>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<TopicRow>(new CommandDefinition(SqlScripts.Get("topics_all"), cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return [.. rows.Select(r => r.ToSettings())];
    }

    /// <summary>
    /// Every topic's state: polled, disabled, waiting for a poller, or mapped to a work unit no live silo can run
    /// (a silo is live when its heartbeat is younger than <paramref name="deadAfter"/>).
    /// </summary>
    public async Task<IReadOnlyList<TopicStatus>> StatusAsync(TimeSpan deadAfter, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<TopicStatusRow>(new CommandDefinition(SqlScripts.Get("topics_status"), new { dead_after = deadAfter },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToStatus())];
    }

    /// <summary>Adds the topics that do not exist yet; existing ones keep their run-time settings.</summary>
    public async Task SeedAsync(IEnumerable<TopicSettings> topics, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var topic in topics)
        {
            await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("topic_seed"), TopicRow.From(topic),
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Creates or changes a topic; returns its new revision.</summary>
    public async Task<long> UpsertAsync(TopicSettings topic, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(SqlScripts.Get("topic_upsert"), TopicRow.From(topic),
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Removes a topic's configuration.</summary>
    public async Task<bool> DeleteAsync(TopicKey topic, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("topic_delete"), new { engine = topic.Engine, topic = topic.Topic },
            cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }
}

/// <summary>A <c>bptl_topic</c> row.</summary>
internal sealed class TopicRow
{
    public string Engine { get; init; } = "";
    public string Topic { get; init; } = "";
    public string WorkUnit { get; init; } = "";
    public bool Enabled { get; init; }
    public string? SiloGroup { get; init; }
    public int LockDurationMs { get; init; }
    public int MaxTasksPerFetch { get; init; }
    public int Concurrency { get; init; }
    public int Retries { get; init; }
    public int RetryInitialMs { get; init; }
    public double RetryFactor { get; init; }
    public int RetryMaxMs { get; init; }
    public string[] NonRetryable { get; init; } = [];
    public string[]? Variables { get; init; }
    public string? ContractErrorCode { get; init; }
    public long Revision { get; init; }

    public TopicSettings ToSettings() => new()
    {
        Key = new TopicKey(Engine, Topic),
        WorkUnit = WorkUnit,
        Enabled = Enabled,
        SiloGroup = SiloGroup,
        LockDuration = TimeSpan.FromMilliseconds(LockDurationMs),
        MaxTasksPerFetch = MaxTasksPerFetch,
        Concurrency = Concurrency,
        Retry = new RetryPolicy(Retries, TimeSpan.FromMilliseconds(RetryInitialMs), RetryFactor, TimeSpan.FromMilliseconds(RetryMaxMs), NonRetryable),
        Variables = Variables,
        ContractErrorCode = ContractErrorCode,
        Revision = Revision,
    };

    public static TopicRow From(TopicSettings topic) => new()
    {
        Engine = topic.Key.Engine,
        Topic = topic.Key.Topic,
        WorkUnit = topic.WorkUnit,
        Enabled = topic.Enabled,
        SiloGroup = topic.SiloGroup,
        LockDurationMs = checked((int)topic.LockDuration.TotalMilliseconds),
        MaxTasksPerFetch = topic.MaxTasksPerFetch,
        Concurrency = topic.Concurrency,
        Retries = topic.Retry.Retries,
        RetryInitialMs = checked((int)topic.Retry.InitialDelay.TotalMilliseconds),
        RetryFactor = topic.Retry.Factor,
        RetryMaxMs = checked((int)topic.Retry.MaxDelay.TotalMilliseconds),
        NonRetryable = [.. topic.Retry.NonRetryable],
        Variables = topic.Variables?.ToArray(),
        ContractErrorCode = topic.ContractErrorCode,
    };
}

/// <summary>A row of <c>topics_status.sql</c>.</summary>
internal sealed class TopicStatusRow
{
    public string Engine { get; init; } = "";
    public string Topic { get; init; } = "";
    public string WorkUnit { get; init; } = "";
    public bool Enabled { get; init; }
    public string? SiloGroup { get; init; }
    public Guid? Poller { get; init; }
    public string? PollerName { get; init; }
    public int SilosWithWorkUnit { get; init; }
    public int EligibleSilos { get; init; }
    public long Waiting { get; init; }

    public TopicStatus ToStatus()
    {
        var key = new TopicKey(Engine, Topic);
        var state = !Enabled ? TopicState.Disabled
            : Poller is not null ? TopicState.Polled
            : EligibleSilos == 0 ? TopicState.NoEligibleSilo
            : TopicState.Unassigned;
        return new TopicStatus
        {
            Key = key,
            WorkUnit = WorkUnit,
            State = state,
            Poller = Poller,
            PollerName = PollerName,
            SilosWithWorkUnit = SilosWithWorkUnit,
            EligibleSilos = EligibleSilos,
            Waiting = Waiting,
            Problem = state switch
            {
                TopicState.NoEligibleSilo when SilosWithWorkUnit == 0 =>
                    $"No live silo has work unit '{WorkUnit}': nobody polls topic {key}, and its tasks stay in the engine untouched until a silo with that work unit joins.",
                TopicState.NoEligibleSilo =>
                    $"{SilosWithWorkUnit} live silo(s) have work unit '{WorkUnit}', but none may serve topic {key}" +
                    (SiloGroup is null ? "" : $" (it is restricted to silo group '{SiloGroup}')") +
                    ": nobody polls it, and its tasks stay in the engine untouched.",
                TopicState.Unassigned => $"Topic {key} has no poller right now; one of the {EligibleSilos} eligible silo(s) takes its lease within a lease period.",
                _ => null,
            },
        };
    }
}
