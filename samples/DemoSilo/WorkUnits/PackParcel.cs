using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Interfaces.WorkUnits.Contracts;
using Bptl.Variables;

namespace Bptl.Demo.Silo.WorkUnits;

/// <summary>
/// The checkpoint sample: packing an order takes three steps (pick the items, print the label, seal the box), each a
/// second or two. After each step the work unit saves its progress on the task grain, so if the silo crashes or
/// stops, or the engine lock is lost, the next run resumes after the last finished step instead of picking the items
/// again. The whole run (3 to 6 seconds) outlasts half the topic's lock, so the silo also extends the engine lock.
/// </summary>
public sealed class PackParcel : IWorkUnit
{
    /// <summary>The name the demo's topic maps to.</summary>
    public const string Name = "pack-parcel";

    /// <summary>What it reads and writes.</summary>
    public static void Contract(WorkUnitContractBuilder contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        contract
            .Describe("Packs an order in three checkpointed steps: pick, label, seal.")
            .RequiredInput<int>("orderNo", "The order's number.")
            .RequiredInput<int>("amount", "The order's amount.")
            .Output<string>("parcelId", "The sealed parcel.", required: true)
            .Output<string>("label", "The printed shipping label.", required: true);
    }

    /// <inheritdoc />
    public async Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var order = DemoOrder.From(context.Variables);
        var step = TimeSpan.FromSeconds(1 + (order.Number % 4) / 2.0);
        var progress = await context.Checkpoint.LoadAsync<Progress>(cancellationToken) ?? new Progress(Stage.None, null, null);

        if (progress.Done < Stage.Picked)
        {
            await Task.Delay(step, cancellationToken);
            progress = progress with { Done = Stage.Picked, PickList = $"pick-{order.Number}" };
            await context.Checkpoint.SaveAsync(progress, cancellationToken);
        }

        if (progress.Done < Stage.Labelled)
        {
            await Task.Delay(step, cancellationToken);
            progress = progress with { Done = Stage.Labelled, Label = $"label-{order.Number}-{context.BusinessKey}" };
            await context.Checkpoint.SaveAsync(progress, cancellationToken);
        }

        await Task.Delay(step, cancellationToken);
        return WorkUnitResult.Complete(new VariableMap { ["parcelId"] = $"parcel-{order.Number}", ["label"] = progress.Label });
    }

    /// <summary>The steps, in order.</summary>
    public enum Stage
    {
        /// <summary>Nothing done yet.</summary>
        None,
        /// <summary>The items are picked.</summary>
        Picked,
        /// <summary>The label is printed.</summary>
        Labelled,
    }

    /// <summary>What is saved after each step.</summary>
    /// <param name="Done">The last finished step.</param>
    /// <param name="PickList">The pick list, once picked.</param>
    /// <param name="Label">The label, once printed.</param>
    public sealed record Progress(Stage Done, string? PickList, string? Label);
}
