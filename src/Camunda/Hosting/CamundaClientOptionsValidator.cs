using Bptl.Camunda.Auth;
using Microsoft.Extensions.Options;

namespace Bptl.Camunda;

/// <summary>Checks <see cref="CamundaClientOptions"/> and reports every problem at once.</summary>
public sealed class CamundaClientOptionsValidator : IValidateOptions<CamundaClientOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CamundaClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem with <paramref name="options"/>; empty when they are valid.</summary>
    public static IEnumerable<string> Check(CamundaClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = "Camunda:";
        if (options.BaseAddress is not { } address)
        {
            yield return $"{prefix} BaseAddress is required (the engine's REST root, for example http://localhost:8080/engine-rest/).";
        }
        else if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"{prefix} BaseAddress '{address}' must be an absolute http or https address.";
        }

        if (options.EngineName is { } engine && string.IsNullOrWhiteSpace(engine))
        {
            yield return $"{prefix} EngineName must not be blank (leave it unset for the default engine).";
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            yield return $"{prefix} RequestTimeout must be positive (was {options.RequestTimeout}).";
        }

        if (options.LongPollGrace < TimeSpan.Zero)
        {
            yield return $"{prefix} LongPollGrace must not be negative (was {options.LongPollGrace}).";
        }

        var retry = options.Retry;
        if (retry.MaxAttempts is < 1 or > 50)
        {
            yield return $"{prefix} Retry.MaxAttempts must be between 1 and 50 (was {retry.MaxAttempts}).";
        }

        if (retry.BaseDelay <= TimeSpan.Zero || retry.MaxDelay < retry.BaseDelay)
        {
            yield return $"{prefix} Retry.BaseDelay must be positive and Retry.MaxDelay at least as long (were {retry.BaseDelay} and {retry.MaxDelay}).";
        }

        foreach (var failure in CheckAuth(options.Authentication))
        {
            yield return $"{prefix} Authentication: {failure}";
        }
    }

    private static IEnumerable<string> CheckAuth(CamundaAuthOptions auth)
    {
        switch (auth.Mode)
        {
            case CamundaAuthMode.None:
                break;
            case CamundaAuthMode.Basic:
                if (string.IsNullOrEmpty(auth.UserName))
                {
                    yield return "Basic needs UserName.";
                }

                if (auth.Password is null)
                {
                    yield return "Basic needs Password.";
                }

                if (auth.UserName?.Contains(':', StringComparison.Ordinal) == true)
                {
                    yield return "a Basic UserName cannot contain ':'.";
                }

                break;
            case CamundaAuthMode.Bearer:
                if (string.IsNullOrWhiteSpace(auth.BearerToken))
                {
                    yield return "Bearer needs BearerToken.";
                }

                break;
            case CamundaAuthMode.OAuth2ClientCredentials:
                if (auth.TokenEndpoint is not { IsAbsoluteUri: true })
                {
                    yield return "OAuth2ClientCredentials needs an absolute TokenEndpoint.";
                }

                if (string.IsNullOrEmpty(auth.ClientId))
                {
                    yield return "OAuth2ClientCredentials needs ClientId.";
                }

                if (string.IsNullOrEmpty(auth.ClientSecret))
                {
                    yield return "OAuth2ClientCredentials needs ClientSecret.";
                }

                if (auth.RefreshBeforeExpiry < TimeSpan.Zero)
                {
                    yield return "RefreshBeforeExpiry must not be negative.";
                }

                break;
            default:
                yield return $"unknown Mode {auth.Mode}.";
                break;
        }
    }
}
