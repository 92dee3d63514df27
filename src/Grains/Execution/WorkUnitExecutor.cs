using Bptl.Grains.Interfaces.Services;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Services;
using Bptl.Variables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bptl.Grains.Execution;

/// <summary>
/// Runs a work unit in its own scope and turns everything it can do into a <see cref="WorkUnitResult"/>: inputs that
/// break its contract stop the run before it starts; an exception is a failure with its full details; a missing or
/// mistyped variable is a failure that retrying cannot fix; outputs that break the contract turn a completion into
/// a failure; a cancellation is no result at all. Task grains, direct executions and cron ticks all run through here.
/// </summary>
public sealed class WorkUnitExecutor(IServiceProvider services, IExternalServicesFactory externalServices, ILoggerFactory loggerFactory)
{
    private const string AppIdVariable = "bptlAppId";

    /// <summary>Runs <paramref name="registration"/> for <paramref name="request"/>.</summary>
    public async Task<WorkUnitRun> RunAsync(WorkUnitRegistration registration, WorkUnitRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(request);
        Bptl.Grains.Interfaces.WorkUnits.Contracts.ContractCheck check;
        try
        {
            check = registration.Contract.CheckInputs(request.Variables);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new WorkUnitRun(WorkUnitResult.Failure($"The contract of work unit '{registration.Name}' cannot check its inputs: {Describe(ex)}",
                ex.ToString(), retryable: false), ex.GetType().FullName);
        }

        if (!check.Holds)
        {
            return Violation(registration, request, "inputs", check.Violations);
        }

        var logger = loggerFactory.CreateLogger("Bptl.WorkUnits." + registration.Name);
        using var logScope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["TaskId"] = request.TaskId,
            ["Engine"] = request.Engine,
            ["Topic"] = request.Topic,
            ["WorkUnit"] = registration.Name,
            ["Attempt"] = request.Attempt,
            ["ProcessInstanceId"] = request.ProcessInstanceId,
            ["BusinessKey"] = request.BusinessKey,
        });
        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            WorkUnitContext? context = null;
            try
            {
                var unit = (IWorkUnit)scope.ServiceProvider.GetRequiredService(registration.Type);
                context = new WorkUnitContext
                {
                    Engine = request.Engine,
                    TaskId = request.TaskId,
                    Topic = request.Topic,
                    WorkUnit = registration.Name,
                    ProcessInstanceId = request.ProcessInstanceId,
                    ProcessDefinitionKey = request.ProcessDefinitionKey,
                    ActivityId = request.ActivityId,
                    BusinessKey = request.BusinessKey,
                    TenantId = request.TenantId,
                    Attempt = request.Attempt,
                    RetriesLeft = request.RetriesLeft,
                    Variables = check.Variables,
                    Services = externalServices.Create(new ExternalServiceScope(AppId(check.Variables), request.Timeline)),
                    ServiceProvider = scope.ServiceProvider,
                    Checkpoint = request.Checkpoint,
                    Logger = logger,
                    Cancellation = cancellationToken,
                };
                var result = await unit.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    return new WorkUnitRun(null, null);
                }

                return result is null
                    ? new WorkUnitRun(WorkUnitResult.Failure($"Work unit '{registration.Name}' returned no result.", retryable: false), null)
                    : Finish(registration, request, Merge(result, context));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new WorkUnitRun(null, null);
            }
            catch (VariableTypeException ex)
            {
                return new WorkUnitRun(WorkUnitResult.Failure(ex.Message, ex.ToString(), retryable: false), ex.GetType().FullName);
            }
            catch (Exception ex) when (ex is UnknownServiceException or ExternalServiceCredentialsException)
            {
                // Configuration an admin must fix: retrying cannot help, so the incident shows it at once.
                return new WorkUnitRun(WorkUnitResult.Failure(ex.Message, ex.ToString(), retryable: false), ex.GetType().FullName);
            }
            catch (Exception ex)
            {
                return new WorkUnitRun(WorkUnitResult.Failure(Describe(ex), ex.ToString()), ex.GetType().FullName);
            }
        }
    }

    private static WorkUnitRun Finish(WorkUnitRegistration registration, WorkUnitRunRequest request, WorkUnitResult result)
    {
        if (result is CompleteResult complete)
        {
            IReadOnlyList<string> violations;
            try
            {
                violations = registration.Contract.CheckOutputs(complete.Variables, complete.LocalVariables);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new WorkUnitRun(WorkUnitResult.Failure($"The contract of work unit '{registration.Name}' cannot check its outputs: {Describe(ex)}",
                    ex.ToString(), retryable: false), ex.GetType().FullName);
            }

            if (violations.Count > 0)
            {
                return Violation(registration, request, "outputs", violations);
            }
        }

        return new WorkUnitRun(result, null);
    }

    private static WorkUnitRun Violation(WorkUnitRegistration registration, WorkUnitRunRequest request, string side, IReadOnlyList<string> violations)
    {
        var message = $"The {side} of work unit '{registration.Name}' break its contract: {string.Join("; ", violations)}.";
        var details = string.Join('\n', violations);
        return request.ContractErrorCode is { } code
            ? new WorkUnitRun(WorkUnitResult.BpmnError(code, message), WorkUnitRun.ContractViolation)
            : new WorkUnitRun(WorkUnitResult.Failure(message, details, retryable: false), WorkUnitRun.ContractViolation);
    }

    private static WorkUnitResult Merge(WorkUnitResult result, WorkUnitContext context) => result switch
    {
        CompleteResult complete when context.Output.Count > 0 || context.LocalOutput.Count > 0 =>
            WorkUnitResult.Complete(Combine(context.Output, complete.Variables), Combine(context.LocalOutput, complete.LocalVariables)),
        BpmnErrorResult error when context.Output.Count > 0 =>
            WorkUnitResult.BpmnError(error.ErrorCode, error.Message, Combine(context.Output, error.Variables)),
        _ => result,
    };

    private static VariableMap Combine(VariableMap first, VariableMap winning)
    {
        var combined = new VariableMap(first);
        foreach (var (name, value) in winning)
        {
            combined[name] = value;
        }

        return combined;
    }

    private static string? AppId(VariableMap variables) =>
        variables.TryGetValue(AppIdVariable, out var value) && value.Type == VariableType.String && value.Value is string id && id.Length > 0 ? id : null;

    private static string Describe(Exception exception) =>
        string.IsNullOrWhiteSpace(exception.Message) ? exception.GetType().Name : $"{exception.GetType().Name}: {exception.Message}";
}
