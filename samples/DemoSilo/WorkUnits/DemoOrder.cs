using Bptl.Variables;

namespace Bptl.Demo.Silo.WorkUnits;

/// <summary>The order a demo process instance carries: its number and amount decide which path it takes.</summary>
public readonly record struct DemoOrder(int Number, int Amount)
{
    public static DemoOrder From(VariableMap variables) => new(variables.Get<int>("orderNo"), variables.Get<int>("amount"));
}
