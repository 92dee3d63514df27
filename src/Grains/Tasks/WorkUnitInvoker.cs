using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Variables;
using Microsoft.Extensions.DependencyInjection;

namespace Bptl.Grains.Tasks;

/// <summary>How one run of a work unit ended.</summary>
/// <param name="Result">The result, or null when the run was cancelled.</param>
/// <param name="ErrorType">For a failure from an exception, the exception's type name.</param>
internal readonly record struct Invocation(WorkUnitResult? Result, string? ErrorType)
{
    public bool Cancelled => Result is null;
}

/// <summary>
/// Runs a work unit in its own scope and turns everything it can do into a <see cref="WorkUnitResult"/>: an
/// exception is a failure with its full details; a missing or mistyped variable is a failure that retrying cannot
/// fix; a cancellation is no result at all.
/// </summary>
internal static class WorkUnitInvoker
{
    public static async Task<Invocation> InvokeAsync(IServiceProvider services, WorkUnitRegistration registration,
        Func<IServiceProvider, WorkUnitContext> context, CancellationToken cancellationToken)
    {
        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            try
            {
                var unit = (IWorkUnit)scope.ServiceProvider.GetRequiredService(registration.Type);
                var result = await unit.ExecuteAsync(context(scope.ServiceProvider), cancellationToken).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    return new Invocation(null, null);
                }

                return result is null
                    ? new Invocation(WorkUnitResult.Failure($"Work unit '{registration.Name}' returned no result.", retryable: false), null)
                    : new Invocation(result, null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new Invocation(null, null);
            }
            catch (VariableTypeException ex)
            {
                return new Invocation(WorkUnitResult.Failure(ex.Message, ex.ToString(), retryable: false), ex.GetType().FullName);
            }
            catch (Exception ex)
            {
                return new Invocation(WorkUnitResult.Failure(Describe(ex), ex.ToString()), ex.GetType().FullName);
            }
        }
    }

    private static string Describe(Exception exception) =>
        string.IsNullOrWhiteSpace(exception.Message) ? exception.GetType().Name : $"{exception.GetType().Name}: {exception.Message}";
}
