namespace Bptl.Sandbox.Engine;

/// <summary>A sort key of a query result: a value selector and a direction.</summary>
internal readonly record struct SortKey<T>(Func<T, IComparable?> Selector, bool Descending);

/// <summary>Sorting and pagination shared by the list queries.</summary>
internal static class QuerySupport
{
    /// <summary>
    /// Validates GET-style sorting (<c>sortBy</c> and <c>sortOrder</c> must come together) and
    /// resolves the key, with Camunda's messages.
    /// </summary>
    public static SortKey<T>? ParseSort<T>(string? sortBy, string? sortOrder, IReadOnlyDictionary<string, Func<T, IComparable?>> keys)
    {
        if (sortBy is null && sortOrder is null)
        {
            return null;
        }

        if (sortBy is null || sortOrder is null)
        {
            throw Errors.InvalidRequest(400, "Only a single sorting parameter specified. sortBy and sortOrder required");
        }

        if (!keys.TryGetValue(sortBy, out var selector))
        {
            throw Errors.InvalidRequest(400, "sortBy parameter has invalid value: " + sortBy);
        }

        return sortOrder switch
        {
            "asc" => new SortKey<T>(selector, false),
            "desc" => new SortKey<T>(selector, true),
            _ => throw Errors.InvalidRequest(400, "sortOrder parameter has invalid value: " + sortOrder),
        };
    }

    public static List<T> SortAndPage<T>(List<T> items, IReadOnlyList<SortKey<T>> sorting, int? firstResult, int? maxResults)
    {
        if (sorting.Count > 0)
        {
            items.Sort((a, b) =>
            {
                foreach (var key in sorting)
                {
                    var result = CompareNullable(key.Selector(a), key.Selector(b));
                    if (result != 0)
                    {
                        return key.Descending ? -result : result;
                    }
                }

                return 0;
            });
        }

        var skip = Math.Max(0, firstResult ?? 0);
        if (skip >= items.Count)
        {
            return [];
        }

        var take = maxResults is { } max ? Math.Max(0, Math.Min(max, items.Count - skip)) : items.Count - skip;
        return items.GetRange(skip, take);
    }

    public static bool In(HashSet<string>? set, string? value) => set is null || (value is not null && set.Contains(value));

    public static HashSet<string>? SetOf(IEnumerable<string>? values) =>
        values is null ? null : new HashSet<string>(values, StringComparer.Ordinal);

    private static int CompareNullable(IComparable? a, IComparable? b)
    {
        if (a is null)
        {
            return b is null ? 0 : -1;
        }

        if (b is null)
        {
            return 1;
        }

        return a is string sa && b is string sb ? string.CompareOrdinal(sa, sb) : a.CompareTo(b);
    }
}
