using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bptl.Sandbox.Hosting;

/// <summary>Settings of a sandbox engine host.</summary>
public sealed class SandboxOptions
{
    /// <summary>TCP port on 127.0.0.1. Default 0: a free port is picked.</summary>
    public int Port { get; set; }

    /// <summary>Basic-auth user name. Default null: no authentication. Set together with <see cref="Password"/>.</summary>
    public string? UserName { get; set; }

    /// <summary>Basic-auth password. Default null.</summary>
    public string? Password { get; set; }

    /// <summary>How many fetchAndLock long polls may wait at once; the next one gets a 500. Default 200.</summary>
    public int FetchAndLockQueueCapacity { get; set; } = 200;

    /// <summary>The engine's clock (lock expiry, timestamps, long-poll deadlines). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The zone dates are written in, like a JVM's default zone. Default the machine's local zone.</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Local;

    /// <summary>Adds log providers. Default null: the host logs nothing.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    /// <summary>Folders whose <c>*.bpmn</c> files are deployed at start, one deployment per folder. Default none.</summary>
    public IList<string> DeployFolders { get; } = [];

    internal bool RequiresAuthentication => UserName is not null;
}

/// <summary>Checks <see cref="SandboxOptions"/> and reports every problem at once.</summary>
internal sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add("Port must be between 0 and 65535.");
        }

        if ((options.UserName is null) != (options.Password is null))
        {
            failures.Add("UserName and Password must be set together.");
        }

        if (options.UserName is not null && options.UserName.Contains(':', StringComparison.Ordinal))
        {
            failures.Add("UserName must not contain ':'.");
        }

        if (options.FetchAndLockQueueCapacity < 1)
        {
            failures.Add("FetchAndLockQueueCapacity must be at least 1.");
        }

        if (options.TimeProvider is null)
        {
            failures.Add("TimeProvider is required.");
        }

        if (options.TimeZone is null)
        {
            failures.Add("TimeZone is required.");
        }

        foreach (var folder in options.DeployFolders)
        {
            if (!Directory.Exists(folder))
            {
                failures.Add("Deploy folder '" + folder + "' does not exist.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
