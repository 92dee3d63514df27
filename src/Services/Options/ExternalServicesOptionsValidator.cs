using Bptl.Services.Model;
using Microsoft.Extensions.Options;

namespace Bptl.Services.Options;

/// <summary>Checks <see cref="ExternalServicesOptions"/> at start and reports every problem at once.</summary>
public sealed class ExternalServicesOptionsValidator : IValidateOptions<ExternalServicesOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ExternalServicesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string p = ExternalServicesOptions.Section + ":";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApplicationName) || options.ApplicationName.Length > 200)
        {
            failures.Add($"{p}ApplicationName must be 1 to 200 characters.");
        }

        if (options.KeyCertificatePath is { } path && !File.Exists(path))
        {
            failures.Add($"{p}KeyCertificatePath names no file ('{path}').");
        }

        if (options.KeyCertificatePassword is not null && options.KeyCertificatePath is null)
        {
            failures.Add($"{p}KeyCertificatePassword is set without KeyCertificatePath.");
        }

        if (options.RefreshInterval <= TimeSpan.Zero || options.RefreshInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{p}RefreshInterval must be positive and at most a day (was {options.RefreshInterval}).");
        }

        if (options.MaxRecordedBodyLength is < 0 or > 1_048_576)
        {
            failures.Add($"{p}MaxRecordedBodyLength must be between 0 and 1048576 (was {options.MaxRecordedBodyLength}).");
        }

        if (options.StartupTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{p}StartupTimeout must be positive (was {options.StartupTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Checks the seeded services (<c>Bptl:Services</c>) at start and reports every problem at once; never quotes a secret.</summary>
public sealed class ExternalServiceSeedOptionsValidator : IValidateOptions<ExternalServiceSeedOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ExternalServiceSeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (serviceName, seed) in options.Services)
        {
            var p = $"Bptl:Services:{serviceName}: ";
            if (seed is null)
            {
                failures.Add($"{p}is empty.");
                continue;
            }

            if (!ExternalServiceSeeds.TryDefinition(serviceName, seed, out var definition, out var urlFailures))
            {
                failures.AddRange(urlFailures.Select(f => p + f));
                continue;
            }

            failures.AddRange(ExternalServiceRules.Check(definition, p));
            foreach (var (appId, credential) in ExternalServiceSeeds.Credentials(seed))
            {
                var where = appId is null ? p + "default credential: " : $"Bptl:Services:{serviceName}:Apps:{appId}: ";
                failures.AddRange(ExternalServiceRules.Check(seed.Auth, credential, hasStoredSecret: false, where));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
