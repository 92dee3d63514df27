using System.Text.RegularExpressions;
using Bptl.Grains.Interfaces.WorkUnits.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bptl.Grains.Interfaces.WorkUnits;

/// <summary>A work unit known to this process, by name.</summary>
/// <param name="Name">The name topics map to.</param>
/// <param name="Type">The class that implements it.</param>
/// <param name="Contract">What it declares it reads and writes.</param>
public sealed record WorkUnitRegistration(string Name, Type Type, WorkUnitContract Contract)
{
    /// <summary>A registration without a contract.</summary>
    public WorkUnitRegistration(string name, Type type)
        : this(name, type, WorkUnitContract.None)
    {
    }
}

/// <summary>Registers work units.</summary>
public static partial class WorkUnitServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TWorkUnit"/> under <paramref name="name"/> (letters, digits, <c>.</c>, <c>-</c>,
    /// <c>_</c>; at most 200 characters). Each run resolves it from a new scope. Registering the same name and type
    /// twice is harmless; the same name for another type is an error. <paramref name="contract"/> declares the
    /// inputs and outputs Bptl checks around every run and the admin UI documents.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddWorkUnit&lt;ChargePayment&gt;("charge-payment", contract => contract
    ///     .Describe("Charges the order's amount to the customer's card")
    ///     .RequiredInput&lt;string&gt;("orderId")
    ///     .OptionalInput&lt;string&gt;("currency", "EUR")
    ///     .Output&lt;string&gt;("paymentId", required: true));
    /// </code>
    /// </example>
    public static IServiceCollection AddWorkUnit<TWorkUnit>(this IServiceCollection services, string name,
        Action<WorkUnitContractBuilder>? contract = null)
        where TWorkUnit : class, IWorkUnit =>
        services.AddWorkUnit(typeof(TWorkUnit), name, contract);

    /// <summary>
    /// Registers <paramref name="workUnitType"/> (a non-abstract class implementing <see cref="IWorkUnit"/>) under
    /// <paramref name="name"/>: the same as <see cref="AddWorkUnit{TWorkUnit}"/> for a type known only at run time.
    /// </summary>
    public static IServiceCollection AddWorkUnit(this IServiceCollection services, Type workUnitType, string name,
        Action<WorkUnitContractBuilder>? contract = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(workUnitType);
        if (!workUnitType.IsClass || workUnitType.IsAbstract || workUnitType.ContainsGenericParameters || !typeof(IWorkUnit).IsAssignableFrom(workUnitType))
        {
            throw new ArgumentException(
                $"{workUnitType.FullName} cannot be a work unit: it must be a non-abstract, non-generic class implementing IWorkUnit.", nameof(workUnitType));
        }

        if (string.IsNullOrEmpty(name) || name.Length > 200 || !NamePattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid work unit name: use letters, digits, '.', '-' and '_' (at most 200 characters).", nameof(name));
        }

        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(WorkUnitRegistration)
                && descriptor.ImplementationInstance is WorkUnitRegistration existing
                && existing.Name == name)
            {
                if (existing.Type == workUnitType)
                {
                    return services;
                }

                throw new InvalidOperationException(
                    $"The work unit name '{name}' is already taken by {existing.Type.FullName}; {workUnitType.FullName} needs another name.");
            }
        }

        services.TryAddScoped(workUnitType);
        var declared = WorkUnitContract.None;
        if (contract is not null)
        {
            var builder = new WorkUnitContractBuilder();
            contract(builder);
            declared = builder.Build();
        }

        services.AddSingleton(new WorkUnitRegistration(name, workUnitType, declared));
        return services;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NamePattern();
}
