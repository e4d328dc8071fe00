using VarTrace.Core.Diff;

namespace VarTrace.Core.Tests.Diff;

public sealed class ChangedLinesTests
{
    [Fact]
    public void NewFile_ChangesEveryLine() =>
        Assert.Equal([1, 2], ChangedLines.Find(null, "a: 1\nb: 2\n").Order());

    [Fact]
    public void InsertedAndModifiedLines_AreChanged_ShiftedLinesAreNot() =>
        Assert.Equal([2, 4], ChangedLines.Find("a: 1\nb: 2\nc: 3\n", "a: 1\nnew: 0\nb: 2\nc: 4\n").Order());

    [Fact]
    public void DeletedLines_LeaveNothingChanged() =>
        Assert.Empty(ChangedLines.Find("a: 1\nb: 2\nc: 3\n", "a: 1\nc: 3\n"));

    [Fact]
    public void LineEndings_DoNotCount() =>
        Assert.Empty(ChangedLines.Find("a: 1\r\nb: 2\r\n", "a: 1\nb: 2\n"));
}
