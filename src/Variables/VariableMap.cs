using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bptl.Variables;

/// <summary>
/// Variables by name, as the engine sends and accepts them. Names are case-sensitive.
/// </summary>
/// <example>
/// <code>
/// var variables = new VariableMap { ["customer"] = "Alice", ["amount"] = 42, ["approved"] = true };
/// int amount = variables.Get&lt;int&gt;("amount");
/// </code>
/// </example>
[JsonConverter(typeof(VariableMapJsonConverter))]
public sealed class VariableMap : IDictionary<string, VariableValue>, IReadOnlyDictionary<string, VariableValue>
{
    private readonly Dictionary<string, VariableValue> _values;

    /// <summary>An empty map.</summary>
    public VariableMap() => _values = new(StringComparer.Ordinal);

    /// <summary>A map holding a copy of <paramref name="values"/>.</summary>
    public VariableMap(IEnumerable<KeyValuePair<string, VariableValue>> values)
        => _values = new(values, StringComparer.Ordinal);

    /// <summary>The number of variables.</summary>
    public int Count => _values.Count;

    /// <summary>The variable names.</summary>
    public ICollection<string> Keys => _values.Keys;

    /// <summary>The variable values.</summary>
    public ICollection<VariableValue> Values => _values.Values;

    IEnumerable<string> IReadOnlyDictionary<string, VariableValue>.Keys => _values.Keys;

    IEnumerable<VariableValue> IReadOnlyDictionary<string, VariableValue>.Values => _values.Values;

    bool ICollection<KeyValuePair<string, VariableValue>>.IsReadOnly => false;

    /// <summary>Gets or sets a variable; getting a missing one throws <see cref="KeyNotFoundException"/>.</summary>
    public VariableValue this[string name]
    {
        get => _values[name];
        set
        {
            ArgumentNullException.ThrowIfNull(name);
            _values[name] = value ?? VariableValue.Null();
        }
    }

    /// <summary>Sets a variable and returns this map, for chaining.</summary>
    public VariableMap Set(string name, VariableValue value)
    {
        this[name] = value;
        return this;
    }

    /// <summary>
    /// Reads a required variable as <typeparamref name="T"/> (see <see cref="VariableValue.To{T}"/>).
    /// </summary>
    /// <exception cref="VariableTypeException">The variable is missing or has another type; the message names both.</exception>
    public T Get<T>(string name, JsonSerializerOptions? jsonOptions = null)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            throw new VariableTypeException($"The variable '{name}' is missing (expected {Describe(typeof(T))}).")
            {
                VariableName = name,
                Expected = typeof(T),
            };
        }

        try
        {
            return value.To<T>(jsonOptions);
        }
        catch (VariableTypeException ex)
        {
            throw new VariableTypeException($"The variable '{name}' cannot be read as {Describe(typeof(T))}: {ex.Message}", ex)
            {
                VariableName = name,
                Expected = typeof(T),
                Actual = value.TypeName,
            };
        }
    }

    /// <summary>Reads an optional variable; returns <paramref name="defaultValue"/> when it is missing.</summary>
    /// <exception cref="VariableTypeException">The variable exists but has another type.</exception>
    public T GetOrDefault<T>(string name, T defaultValue, JsonSerializerOptions? jsonOptions = null) =>
        _values.ContainsKey(name) ? Get<T>(name, jsonOptions) : defaultValue;

    /// <summary>Tries to read a variable as <typeparamref name="T"/>; false when it is missing or has another type.</summary>
    public bool TryGet<T>(string name, [MaybeNullWhen(false)] out T value)
    {
        if (_values.TryGetValue(name, out var raw))
        {
            try
            {
                value = raw.To<T>();
                return true;
            }
            catch (VariableTypeException)
            {
            }
        }

        value = default;
        return false;
    }

    /// <inheritdoc />
    public void Add(string key, VariableValue value) => _values.Add(key, value ?? VariableValue.Null());

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool Remove(string key) => _values.Remove(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out VariableValue value) => _values.TryGetValue(key, out value);

    /// <inheritdoc />
    public void Clear() => _values.Clear();

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, VariableValue>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();

    void ICollection<KeyValuePair<string, VariableValue>>.Add(KeyValuePair<string, VariableValue> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, VariableValue>>.Contains(KeyValuePair<string, VariableValue> item) =>
        ((ICollection<KeyValuePair<string, VariableValue>>)_values).Contains(item);

    void ICollection<KeyValuePair<string, VariableValue>>.CopyTo(KeyValuePair<string, VariableValue>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, VariableValue>>)_values).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, VariableValue>>.Remove(KeyValuePair<string, VariableValue> item) =>
        ((ICollection<KeyValuePair<string, VariableValue>>)_values).Remove(item);

    private static string Describe(Type type) => (Nullable.GetUnderlyingType(type) ?? type).Name;
}
