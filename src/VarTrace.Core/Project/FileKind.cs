using System.Runtime.InteropServices;

namespace VarTrace.Core.Project;

/// <summary>
/// What kind of file system object a path names, following symlinks. .NET reports a named pipe or a
/// device as an ordinary file, and opening a pipe blocks until a writer comes, so VarTrace asks the
/// kernel (Linux's <c>statx</c>) before it opens anything.
/// </summary>
internal static partial class FileKind
{
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 1;
    private const int StatxBufferBytes = 256;
    private const int ModeOffset = 28;

    /// <summary>The kind's name when <paramref name="fullPath"/> is not a regular file; null for a regular file or when unknown.</summary>
    public static string? DescribeIrregular(string fullPath)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[StatxBufferBytes];
        try
        {
            if (Statx(AtCurrentDirectory, fullPath, 0, StatxType, ref MemoryMarshal.GetArrayDataReference(buffer)) != 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        return (BitConverter.ToUInt16(buffer, ModeOffset) & 0xF000) switch
        {
            0x1000 => "a named pipe (FIFO)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => null,
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}
