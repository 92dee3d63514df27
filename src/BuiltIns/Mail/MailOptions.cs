using Microsoft.Extensions.Options;

namespace Bptl.BuiltIns.Mail;

/// <summary>The SMTP server <c>bptl.send-mail</c> sends through (section <c>Bptl:Mail</c>).</summary>
public sealed class MailOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Bptl:Mail";

    /// <summary>The SMTP server's host; null (the default) leaves sending mail unconfigured.</summary>
    public string? Host { get; set; }

    /// <summary>The SMTP port. Default 25.</summary>
    public int Port { get; set; } = 25;

    /// <summary>Use STARTTLS. Default false.</summary>
    public bool EnableSsl { get; set; }

    /// <summary>The SMTP user, when the server wants a login. Default none.</summary>
    public string? UserName { get; set; }

    /// <summary>The SMTP password (a secret: give it through the environment or a mounted secret). Default none.</summary>
    public string? Password { get; set; }

    /// <summary>The sender address. Required with <see cref="Host"/>.</summary>
    public string? From { get; set; }

    /// <summary>How long one send may take. Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Validates <see cref="MailOptions"/> at start, reporting every problem at once.</summary>
internal sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        if (options.Host is null)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add("Bptl:Mail:Host must not be blank.");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"Bptl:Mail:Port must be between 1 and 65535 (was {options.Port}).");
        }

        if (!MailAddresses.TryParse(options.From, out _))
        {
            failures.Add("Bptl:Mail:From must be one valid e-mail address when Bptl:Mail:Host is set.");
        }

        if (options.UserName is not null && options.Password is null)
        {
            failures.Add("Bptl:Mail:Password is required with Bptl:Mail:UserName.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"Bptl:Mail:Timeout must be positive (was {options.Timeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
