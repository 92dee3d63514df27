using System.Text.RegularExpressions;

namespace Bptl.Services.Model;

/// <summary>What makes a service or a credential valid; shared by the store and the configuration seeds.</summary>
internal static partial class ExternalServiceRules
{
    public const int MaxSecretLength = 8000;

    /// <summary>Every problem of <paramref name="service"/>, each prefixed with <paramref name="prefix"/>.</summary>
    public static List<string> Check(ExternalServiceDefinition service, string prefix)
    {
        var failures = new List<string>();
        if (service.Name is null || !ServiceName().IsMatch(service.Name))
        {
            failures.Add($"{prefix}the name '{service.Name}' must be 1 to 100 letters, digits, '_', '.' or '-', starting with a letter or digit.");
        }

        CheckUrl(service.BaseUrl, $"{prefix}BaseUrl", failures);
        if (!Enum.IsDefined(service.Auth))
        {
            failures.Add($"{prefix}Auth '{service.Auth}' is not one of {string.Join(", ", Enum.GetNames<ServiceAuthKind>())}.");
        }

        if (service.Auth == ServiceAuthKind.ApiKey)
        {
            if (string.IsNullOrEmpty(service.ApiKeyHeader) || !HeaderName().IsMatch(service.ApiKeyHeader))
            {
                failures.Add($"{prefix}ApiKeyHeader is required for ApiKey authentication and must be a valid header name such as X-Api-Key.");
            }
        }
        else if (service.ApiKeyHeader is not null)
        {
            failures.Add($"{prefix}ApiKeyHeader applies only to ApiKey authentication (Auth is {service.Auth}).");
        }

        if (service.Auth == ServiceAuthKind.OAuth2ClientCredentials)
        {
            if (service.TokenUrl is null)
            {
                failures.Add($"{prefix}TokenUrl is required for OAuth2ClientCredentials authentication.");
            }
            else
            {
                CheckUrl(service.TokenUrl, $"{prefix}TokenUrl", failures, allowQuery: true);
            }

            if (service.Scope is { } scope && (scope.Length > 1000 || scope.Any(char.IsControl)))
            {
                failures.Add($"{prefix}Scope must be at most 1000 characters without control characters.");
            }
        }
        else if (service.TokenUrl is not null || service.Scope is not null)
        {
            failures.Add($"{prefix}TokenUrl and Scope apply only to OAuth2ClientCredentials authentication (Auth is {service.Auth}).");
        }

        if (service.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromHours(24)))
        {
            failures.Add($"{prefix}Timeout must be positive and at most 24 hours (was {timeout}).");
        }

        return failures;
    }

    /// <summary>
    /// Every problem of <paramref name="credential"/> for a service authenticated by <paramref name="auth"/>;
    /// <paramref name="hasStoredSecret"/> says whether a null secret would keep one.
    /// </summary>
    public static List<string> Check(ServiceAuthKind auth, ExternalServiceCredential credential, bool hasStoredSecret, string prefix)
    {
        var failures = new List<string>();
        if (credential.AppId is { } appId && (appId.Length is 0 or > 255 || appId.Any(char.IsControl)))
        {
            failures.Add($"{prefix}the application id must be 1 to 255 characters without control characters (null for the default credential).");
        }

        if (auth == ServiceAuthKind.None)
        {
            failures.Add($"{prefix}the service has no authentication, so it takes no credentials.");
            return failures;
        }

        if (auth == ServiceAuthKind.Basic)
        {
            if (string.IsNullOrEmpty(credential.UserName) || credential.UserName.Contains(':', StringComparison.Ordinal)
                || credential.UserName.Length > 1000 || credential.UserName.Any(char.IsControl))
            {
                failures.Add($"{prefix}UserName is required for Basic authentication (at most 1000 characters, no ':' or control characters).");
            }
        }
        else if (credential.UserName is not null)
        {
            failures.Add($"{prefix}UserName applies only to Basic authentication (Auth is {auth}).");
        }

        if (auth == ServiceAuthKind.OAuth2ClientCredentials)
        {
            if (string.IsNullOrEmpty(credential.ClientId) || credential.ClientId.Length > 1000 || credential.ClientId.Any(char.IsControl))
            {
                failures.Add($"{prefix}ClientId is required for OAuth2ClientCredentials authentication (at most 1000 characters, no control characters).");
            }
        }
        else if (credential.ClientId is not null)
        {
            failures.Add($"{prefix}ClientId applies only to OAuth2ClientCredentials authentication (Auth is {auth}).");
        }

        if (credential.Secret is null)
        {
            if (!hasStoredSecret)
            {
                failures.Add($"{prefix}Secret is required for {auth} authentication ({SecretName(auth)}).");
            }
        }
        else if (credential.Secret.Length is 0 or > MaxSecretLength || credential.Secret.Any(char.IsControl))
        {
            // Never quote the secret: only its shape.
            failures.Add($"{prefix}Secret ({SecretName(auth)}) must be 1 to {MaxSecretLength} characters without control characters.");
        }

        return failures;
    }

    public static string SecretName(ServiceAuthKind auth) => auth switch
    {
        ServiceAuthKind.ApiKey => "the API key",
        ServiceAuthKind.Basic => "the password",
        ServiceAuthKind.Bearer => "the bearer token",
        ServiceAuthKind.OAuth2ClientCredentials => "the client secret",
        _ => "none",
    };

    private static void CheckUrl(Uri? url, string name, List<string> failures, bool allowQuery = false)
    {
        if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{name} must be an absolute http or https address (was '{url}').");
            return;
        }

        if (url.UserInfo.Length > 0)
        {
            // Do not echo the address: its user info may hold a password.
            failures.Add($"{name} must not carry a user or password; set them as a credential.");
        }

        if ((!allowQuery && url.Query.Length > 0) || url.Fragment.Length > 0)
        {
            failures.Add($"{name} must not have a {(allowQuery ? "" : "query or ")}fragment.");
        }

        if (url.OriginalString.Length > 2000)
        {
            failures.Add($"{name} must be at most 2000 characters.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")]
    private static partial Regex ServiceName();

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,200}$")]
    private static partial Regex HeaderName();
}
