using System.Reflection;
using Bptl.Grains.Interfaces.WorkUnits.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Bptl.Grains.Interfaces.WorkUnits;

public static partial class WorkUnitServiceCollectionExtensions
{
    /// <summary>
    /// Registers what <paramref name="assembly"/> offers: every class marked with <see cref="WorkUnitAttribute"/>
    /// (with the contract of <see cref="IDeclaresContract"/> when it implements it), then every public
    /// <see cref="IWorkUnitPlugin"/> entry point, created and called once. This is what a silo does with a plugin
    /// assembly; a custom silo can call it for an assembly it references.
    /// </summary>
    /// <exception cref="InvalidOperationException">A marked class is not a work unit, or an entry point cannot be created.</exception>
    /// <exception cref="ReflectionTypeLoadException">A type of the assembly cannot be loaded (a dependency is missing).</exception>
    public static IServiceCollection AddWorkUnitsFrom(this IServiceCollection services, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(assembly);
        var types = assembly.GetTypes().OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
        foreach (var type in types)
        {
            if (type.GetCustomAttribute<WorkUnitAttribute>() is not { } marked)
            {
                continue;
            }

            if (!type.IsClass || type.IsAbstract || !typeof(IWorkUnit).IsAssignableFrom(type))
            {
                throw new InvalidOperationException($"{type.FullName} is marked [WorkUnit(\"{marked.Name}\")] but is not a non-abstract class implementing IWorkUnit.");
            }

            services.AddWorkUnit(type, marked.Name, typeof(IDeclaresContract).IsAssignableFrom(type) ? ContractOf(type) : null);
        }

        foreach (var type in types)
        {
            if (!type.IsClass || type.IsAbstract || !type.IsPublic || !typeof(IWorkUnitPlugin).IsAssignableFrom(type))
            {
                continue;
            }

            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new InvalidOperationException($"The plugin entry point {type.FullName} needs a public parameterless constructor.");
            }

            ((IWorkUnitPlugin)Activator.CreateInstance(type)!).Register(services);
        }

        return services;
    }

    private static Action<WorkUnitContractBuilder> ContractOf(Type type)
    {
        var declare = typeof(WorkUnitServiceCollectionExtensions).GetMethod(nameof(Declare), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type);
        return builder =>
        {
            try
            {
                declare.Invoke(null, [builder]);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw new InvalidOperationException($"The contract of {type.FullName} cannot be declared: {ex.InnerException.Message}", ex.InnerException);
            }
        };
    }

    private static void Declare<T>(WorkUnitContractBuilder builder)
        where T : IDeclaresContract => T.DeclareContract(builder);
}
