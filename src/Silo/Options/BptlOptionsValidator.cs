using Bptl.Camunda;
using Bptl.Grains;
using Bptl.Silo.Cron;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bptl.Silo.Options;

/// <summary>Checks <see cref="BptlOptions"/> at start and reports every problem at once.</summary>
public sealed class BptlOptionsValidator : IValidateOptions<BptlOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BptlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckSilo(options.Silo, failures);
        CheckStorage(options.Storage, failures);
        CheckEngines(options, failures);
        CheckTopics(options, failures);
        CheckGrains(options.Grains, failures);
        CheckApi(options.Api, failures);
        CheckCron(options.Cron, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckSilo(SiloOptions silo, List<string> failures)
    {
        const string p = "Bptl:Silo:";
        if (string.IsNullOrWhiteSpace(silo.Name) || silo.Name.Length > 100)
        {
            failures.Add($"{p}Name must be 1 to 100 characters.");
        }

        if (string.IsNullOrWhiteSpace(silo.Group) || silo.Group.Length > 100)
        {
            failures.Add($"{p}Group must be 1 to 100 characters.");
        }

        if (silo.Topics.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{p}Topics must not contain empty entries.");
        }

        if (silo.MaxConcurrency is < 1 or > 10_000)
        {
            failures.Add($"{p}MaxConcurrency must be between 1 and 10000 (was {silo.MaxConcurrency}).");
        }

        Positive(silo.HeartbeatInterval, $"{p}HeartbeatInterval", failures);
        if (silo.DeadAfter < silo.HeartbeatInterval * 3)
        {
            failures.Add($"{p}DeadAfter must be at least three heartbeat intervals (was {silo.DeadAfter} with heartbeats every {silo.HeartbeatInterval}).");
        }

        if (silo.LeaseDuration < TimeSpan.FromSeconds(1) || silo.LeaseDuration < silo.HeartbeatInterval)
        {
            failures.Add($"{p}LeaseDuration must be at least 1 s and at least one heartbeat interval (was {silo.LeaseDuration}).");
        }

        Positive(silo.DispatchInterval, $"{p}DispatchInterval", failures);
        Positive(silo.MaintenanceInterval, $"{p}MaintenanceInterval", failures);
        Positive(silo.Retention, $"{p}Retention", failures);
        Positive(silo.StartupTimeout, $"{p}StartupTimeout", failures);
        if (silo.MaxRescues < 1)
        {
            failures.Add($"{p}MaxRescues must be at least 1 (was {silo.MaxRescues}).");
        }

        if (silo.HealthUrl is { } health
            && (!Uri.TryCreate(health, UriKind.Absolute, out var healthUri) || healthUri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{p}HealthUrl must be an absolute http address such as http://0.0.0.0:8081 (was '{health}').");
        }

        if (silo.PluginFolder is { } plugins && !Directory.Exists(plugins))
        {
            failures.Add($"{p}PluginFolder '{plugins}' is not an existing folder.");
        }

        if (silo.ShutdownTimeout < TimeSpan.Zero)
        {
            failures.Add($"{p}ShutdownTimeout must not be negative (was {silo.ShutdownTimeout}).");
        }
    }

    private static void CheckStorage(StorageOptions storage, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            failures.Add("Bptl:Storage:ConnectionString is required (a PostgreSQL connection string).");
            return;
        }

        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(storage.ConnectionString);
            if (string.IsNullOrEmpty(parsed.Host))
            {
                failures.Add("Bptl:Storage:ConnectionString names no Host.");
            }
        }
        catch (ArgumentException ex)
        {
            // The connection string may hold a password: quote the parser's complaint, never the string.
            failures.Add($"Bptl:Storage:ConnectionString is not a valid PostgreSQL connection string: {ex.Message}");
        }
    }

    private static void CheckEngines(BptlOptions options, List<string> failures)
    {
        if (options.Engines.Count == 0)
        {
            failures.Add("Bptl:Engines must name at least one engine, for example Bptl:Engines:default:BaseAddress.");
        }

        foreach (var (name, engine) in options.Engines)
        {
            foreach (var failure in CamundaClientOptionsValidator.Check(engine))
            {
                failures.Add($"Bptl:Engines:{name}: {failure.Replace("Camunda: ", "", StringComparison.Ordinal)}");
            }
        }
    }

    private static void CheckTopics(BptlOptions options, List<string> failures)
    {
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < options.Topics.Count; i++)
        {
            var t = options.Topics[i];
            var p = $"Bptl:Topics:{i}:";
            if (string.IsNullOrWhiteSpace(t.Topic) || t.Topic.Length > 255)
            {
                failures.Add($"{p}Topic is required (at most 255 characters).");
            }

            if (string.IsNullOrWhiteSpace(t.WorkUnit))
            {
                failures.Add($"{p}WorkUnit is required.");
            }

            if (!options.Engines.ContainsKey(t.Engine))
            {
                failures.Add($"{p}Engine '{t.Engine}' is not one of Bptl:Engines ({string.Join(", ", options.Engines.Keys)}).");
            }

            if (t.Topic is not null && !seen.Add((t.Engine, t.Topic)))
            {
                failures.Add($"{p}Topic '{t.Topic}' of engine '{t.Engine}' is configured twice.");
            }

            if (t.LockDuration <= TimeSpan.Zero || t.LockDuration.TotalMilliseconds > int.MaxValue)
            {
                failures.Add($"{p}LockDuration must be positive and under 24 days (was {t.LockDuration}).");
            }

            if (t.MaxTasksPerFetch is < 1 or > 1000)
            {
                failures.Add($"{p}MaxTasksPerFetch must be between 1 and 1000 (was {t.MaxTasksPerFetch}).");
            }

            if (t.Concurrency < 1)
            {
                failures.Add($"{p}Concurrency must be at least 1 (was {t.Concurrency}).");
            }

            if (t.Retries < 0)
            {
                failures.Add($"{p}Retries must not be negative (was {t.Retries}).");
            }

            if (t.RetryInitialDelay < TimeSpan.Zero || t.RetryMaxDelay < t.RetryInitialDelay || t.RetryMaxDelay.TotalMilliseconds > int.MaxValue)
            {
                failures.Add($"{p}RetryInitialDelay must not be negative, and RetryMaxDelay must be at least as long and under 24 days.");
            }

            if (t.RetryFactor < 1 || double.IsNaN(t.RetryFactor))
            {
                failures.Add($"{p}RetryFactor must be at least 1 (was {t.RetryFactor}).");
            }

            if (t.ContractErrorCode is { } code && (string.IsNullOrWhiteSpace(code) || code.Length > 255))
            {
                failures.Add($"{p}ContractErrorCode must be a non-blank BPMN error code of at most 255 characters, or left out.");
            }
        }
    }

    private static void CheckGrains(GrainRuntimeOptions grains, List<string> failures)
    {
        const string p = "Bptl:Grains:";
        if (grains.PollTimeout <= TimeSpan.Zero || grains.PollTimeout > TimeSpan.FromMinutes(30))
        {
            failures.Add($"{p}PollTimeout must be positive and at most 30 minutes, the engine's limit (was {grains.PollTimeout}).");
        }

        if (grains.PollBackoffInitial <= TimeSpan.Zero || grains.PollBackoffMax < grains.PollBackoffInitial)
        {
            failures.Add($"{p}PollBackoffInitial must be positive and PollBackoffMax at least as long.");
        }

        if (grains.ReportBackoffInitial <= TimeSpan.Zero || grains.ReportBackoffMax < grains.ReportBackoffInitial)
        {
            failures.Add($"{p}ReportBackoffInitial must be positive and ReportBackoffMax at least as long.");
        }

        Positive(grains.ActivationLeaseGrace, $"{p}ActivationLeaseGrace", failures);
        if (grains.ExtendLockWhenLeft is <= 0 or >= 1)
        {
            failures.Add($"{p}ExtendLockWhenLeft must be between 0 and 1, exclusive (was {grains.ExtendLockWhenLeft}).");
        }

        if (grains.CallbackAttempts is < 1 or > 100)
        {
            failures.Add($"{p}CallbackAttempts must be between 1 and 100 (was {grains.CallbackAttempts}).");
        }

        Positive(grains.CallbackTimeout, $"{p}CallbackTimeout", failures);
        Positive(grains.CallbackScanInterval, $"{p}CallbackScanInterval", failures);
        if (grains.CallbackBackoffInitial <= TimeSpan.Zero || grains.CallbackBackoffMax < grains.CallbackBackoffInitial)
        {
            failures.Add($"{p}CallbackBackoffInitial must be positive and CallbackBackoffMax at least as long.");
        }
    }

    private static void CheckApi(ApiOptions api, List<string> failures)
    {
        const string p = "Bptl:Api:";
        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < api.Keys.Count; i++)
        {
            // Never quote a key: these messages end up in logs.
            var key = api.Keys[i];
            if (string.IsNullOrWhiteSpace(key.Name) || key.Name.Length > 100)
            {
                failures.Add($"{p}Keys:{i}:Name is required (at most 100 characters): the logs name callers by it.");
            }
            else if (!names.Add(key.Name))
            {
                failures.Add($"{p}Keys:{i}:Name '{key.Name}' is used twice.");
            }

            if (string.IsNullOrEmpty(key.Key) || key.Key.Length < 16 || key.Key.Any(char.IsWhiteSpace))
            {
                failures.Add($"{p}Keys:{i}:Key must be at least 16 characters without spaces (give it from secrets or the environment).");
            }
            else if (!keys.Add(key.Key))
            {
                failures.Add($"{p}Keys:{i}:Key is the same as another key's; give each caller its own.");
            }
        }

        if (api.MaxRequestBytes < 1024)
        {
            failures.Add($"{p}MaxRequestBytes must be at least 1024 (was {api.MaxRequestBytes}).");
        }

        if (api.ExecutionTimeout <= TimeSpan.Zero || api.ExecutionTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"{p}ExecutionTimeout must be positive and under 24 days (was {api.ExecutionTimeout}).");
        }
    }

    private static void CheckCron(List<CronOptions> crons, List<string> failures)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < crons.Count; i++)
        {
            var cron = crons[i];
            var p = $"Bptl:Cron:{i}:";
            if (string.IsNullOrEmpty(cron.Name) || cron.Name.Length > 200 || !cron.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                failures.Add($"{p}Name is required: letters, digits, '.', '-' and '_' (at most 200 characters).");
            }
            else if (!names.Add(cron.Name))
            {
                failures.Add($"{p}Name '{cron.Name}' is configured twice.");
            }

            if (string.IsNullOrWhiteSpace(cron.WorkUnit))
            {
                failures.Add($"{p}WorkUnit is required.");
            }

            if (!CronSchedule.TryFindTimeZone(cron.TimeZone, out _, out var zoneError))
            {
                failures.Add($"{p}TimeZone: {zoneError}.");
            }
            else if (!CronSchedule.TryCreate(cron.Schedule, cron.TimeZone, out _, out var error))
            {
                failures.Add($"{p}Schedule: {error}.");
            }

            if (cron.Variables.Keys.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{p}Variables must not have an empty name.");
            }
        }
    }

    private static void Positive(TimeSpan value, string name, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{name} must be positive (was {value}).");
        }
    }
}
