using VarTrace.Core.Precedence;

namespace VarTrace.Core.Tests.Precedence;

/// <summary>Listings sort names through ranks; whatever names arrive in whatever order, the order is ordinal.</summary>
public sealed class NameOrderTests
{
    [Fact]
    public void EverySort_IsOrdinal_WhileNamesAreRankedMergedAndRankedAgain()
    {
        var random = new Random(7);
        var pool = Enumerable.Range(0, 3000).Select(i => $"{(char)('A' + random.Next(58))}{random.Next(100000)}_{i}").ToArray();
        var order = new NameOrder();

        // Contexts of growing size and overlap: some sorts see only ranked names, some a few new
        // ones (merged), some many (which triggers ranking them).
        for (var round = 0; round < 60; round++)
        {
            var names = pool.Where(_ => random.Next(100) < 5 + round).Take(10 + (round * 40)).Distinct().ToArray();
            var expected = names.Order(StringComparer.Ordinal).ToArray();

            Assert.Equal(expected, order.Order(names).Select(i => names[i]));
        }
    }

    [Fact]
    public void Order_OfNoNames_IsEmpty() => Assert.Empty(new NameOrder().Order([]));
}
