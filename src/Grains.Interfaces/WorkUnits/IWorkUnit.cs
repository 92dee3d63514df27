namespace Bptl.Grains.Interfaces.WorkUnits;

/// <summary>
/// A piece of automation mapped to a topic: Bptl runs it for every external task of that topic and reports its
/// result to the engine. Register it with <see cref="WorkUnitServiceCollectionExtensions.AddWorkUnit{TWorkUnit}"/>;
/// each run gets its own dependency-injection scope.
/// </summary>
/// <remarks>
/// A work unit runs at least once per engine delivery: a silo crash or a lost lock can run it again. Use
/// <see cref="WorkUnitContext.IdempotencyKey"/> to make its side effects happen once.
/// </remarks>
public interface IWorkUnit
{
    /// <summary>
    /// Runs the work for one external task and says how it ended. An exception is reported as a failure with its
    /// full details; <paramref name="cancellationToken"/> fires when the engine lock is lost or the silo stops, and
    /// the result of a cancelled run is discarded.
    /// </summary>
    Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken);
}
