using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace VarTrace.Core.Jinja.Evaluation.Filters;

/// <summary>
/// netaddr's <c>IPNetwork</c> as ansible.utils' ipaddr filters use it: an address with a prefix length,
/// the address kept as written (<c>192.168.1.5/24</c> is not normalised to its network).
/// </summary>
internal readonly record struct IpNetwork(UInt128 Ip, int Prefix, int Version)
{
    /// <summary>Address bits: 32 or 128.</summary>
    public int Width => Version == 4 ? 32 : 128;

    /// <summary>The netmask as an integer.</summary>
    public UInt128 Netmask => Prefix == 0 ? UInt128.Zero : (Max << (Width - Prefix)) & Max;

    /// <summary>The hostmask as an integer.</summary>
    public UInt128 Hostmask => Max ^ Netmask;

    /// <summary>The all-ones address of this version.</summary>
    public UInt128 Max => Version == 4 ? uint.MaxValue : UInt128.MaxValue;

    /// <summary>The first address.</summary>
    public UInt128 Network => Ip & Netmask;

    /// <summary>The last address.</summary>
    public UInt128 Last => Network | Hostmask;

    /// <summary>The number of addresses.</summary>
    public BigInteger Size => BigInteger.One << (Width - Prefix);

    /// <summary>netaddr's <c>broadcast</c>: the last address, none for /31, /32 (/127, /128).</summary>
    public UInt128? Broadcast => Width - Prefix <= 1 ? null : Last;

    /// <summary>True when the whole of <paramref name="other"/> lies inside this network (netaddr's <c>in</c>).</summary>
    public bool Contains(IpNetwork other) =>
        other.Version == Version && other.Network >= Network && (other.Network | other.Hostmask) <= Last && other.Prefix >= Prefix;

    /// <summary>True when this network lies inside <paramref name="cidr"/> (written <c>a.b.c.d/n</c>).</summary>
    public bool In(string cidr) => Parse(cidr) is { } net && net.Contains(this);

    /// <summary><c>str(IPNetwork)</c>: address and prefix.</summary>
    public override string ToString() => $"{Format(Ip, Version)}/{Prefix}";

    /// <summary>An address of this network's version as text.</summary>
    public string Format(UInt128 address) => Format(address, Version);

    /// <summary>An address as netaddr writes it (IPv6 compressed by .NET's RFC 5952 formatter).</summary>
    public static string Format(UInt128 address, int version)
    {
        if (version == 4)
        {
            var v = (uint)address;
            return $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}";
        }

        var bytes = new byte[16];
        for (var i = 15; i >= 0; i--)
        {
            bytes[i] = (byte)(address & 0xFF);
            address >>= 8;
        }

        return new IPAddress(bytes).ToString();
    }

    /// <summary>
    /// Parses <c>address</c>, <c>address/prefix</c> or <c>address/netmask</c> (or hostmask) in the canonical
    /// notations; null when the text is not one. Throws <see cref="LenientNotationException"/> for the
    /// <c>inet_aton</c> shorthands netaddr also accepts (<c>10.1</c>, <c>010.0.0.1</c>).
    /// </summary>
    public static IpNetwork? Parse(string text)
    {
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        var address = ParseAddress(addressText);
        if (address is null) return null;
        var (ip, version) = address.Value;
        var width = version == 4 ? 32 : 128;
        if (slash < 0) return new IpNetwork(ip, width, version);
        var prefixText = text[(slash + 1)..];
        if (prefixText.Length > 0 && prefixText.All(char.IsAsciiDigit))
        {
            var prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
            return prefix <= width && prefixText.Length <= 3 ? new IpNetwork(ip, prefix, version) : null;
        }

        if (version == 4 && ParseAddress(prefixText) is ({ } mask, 4))
        {
            if (MaskPrefix(mask, 32) is { } fromNetmask) return new IpNetwork(ip, fromNetmask, 4);
            if (MaskPrefix(mask ^ uint.MaxValue, 32) is { } fromHostmask) return new IpNetwork(ip, fromHostmask, 4);
        }

        return null;
    }

    /// <summary>An address in canonical IPv4 dotted-quad or IPv6 notation.</summary>
    public static (UInt128 Value, int Version)? ParseAddress(string text)
    {
        if (text.Contains(':'))
        {
            if (text.Contains('[') || text.Contains('%') || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return null;
            UInt128 value = 0;
            foreach (var b in v6.GetAddressBytes()) value = (value << 8) | b;
            return (value, 6);
        }

        var parts = text.Split('.');
        if (parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0') && int.Parse(p, CultureInfo.InvariantCulture) <= 255))
        {
            UInt128 value = 0;
            foreach (var p in parts) value = (value << 8) | (UInt128)int.Parse(p, CultureInfo.InvariantCulture);
            return (value, 4);
        }

        if (text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c is '.' or 'x' or 'X' || char.IsAsciiHexDigit(c)) && text.Any(char.IsAsciiDigit))
        {
            throw new LenientNotationException(text);
        }

        return null;
    }

    /// <summary>The prefix length of a contiguous mask, or null.</summary>
    private static int? MaskPrefix(UInt128 mask, int width)
    {
        for (var prefix = 0; prefix <= width; prefix++)
        {
            var candidate = new IpNetwork(0, prefix, width == 32 ? 4 : 6).Netmask;
            if (candidate == mask) return prefix;
        }

        return null;
    }
}

/// <summary>An address in one of netaddr's lenient <c>inet_aton</c> notations, which VarTrace does not interpret.</summary>
internal sealed class LenientNotationException(string text) : Exception($"`{text}` uses an inet_aton shorthand netaddr accepts leniently")
{
    /// <summary>The text.</summary>
    public string Text { get; } = text;
}
