package dev.cairn.core.iam.policy;

import java.util.Optional;

/**
 * IPv4 and IPv6 literal and CIDR parsing for {@code IpAddress}/{@code NotIpAddress}. Never resolves host names.
 */
public final class IpAddresses
{
    private IpAddresses() {}

    /**
     * Whether {@code address} lies in {@code cidr} (an address with an optional {@code /prefix}; without one, the single
     * address). False when either does not parse or they are of different families. An IPv4-mapped IPv6 address
     * ({@code ::ffff:a.b.c.d}) is compared as the IPv4 address.
     */
    public static boolean inRange(String cidr, String address)
    {
        Optional<Network> network = network(cidr);
        Optional<byte[]> candidate = parse(address).map(IpAddresses::unmapped);
        if (network.isEmpty() || candidate.isEmpty() || network.get().address().length != candidate.get().length) {
            return false;
        }
        byte[] networkBytes = network.get().address();
        byte[] candidateBytes = candidate.get();
        int prefix = network.get().prefix();
        int fullBytes = prefix / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (networkBytes[i] != candidateBytes[i]) {
                return false;
            }
        }
        int remainingBits = prefix % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (networkBytes[fullBytes] & mask) == (candidateBytes[fullBytes] & mask);
    }

    /** Whether {@code text} is an IPv4 or IPv6 address with an optional {@code /prefix} that fits its family. */
    public static boolean isCidr(String text)
    {
        return network(text).isPresent();
    }

    /** An address and how many of its leading bits a range keeps. */
    private record Network(byte[] address, int prefix) {}

    /** An address with an optional {@code /prefix} (without one, the whole address); empty when either does not parse. */
    private static Optional<Network> network(String cidr)
    {
        int slash = cidr.indexOf('/');
        Optional<byte[]> address = parse(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().length * 8;
        if (slash < 0) {
            return Optional.of(new Network(address.get(), bits));
        }
        String prefixText = cidr.substring(slash + 1);
        if (prefixText.isEmpty() || prefixText.length() > 3 || !allDigits(prefixText) || Integer.parseInt(prefixText) > bits) {
            return Optional.empty();
        }
        return Optional.of(new Network(address.get(), Integer.parseInt(prefixText)));
    }

    /** The 4 or 16 bytes of an IPv4 or IPv6 literal. */
    public static Optional<byte[]> parse(String text)
    {
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        byte[] bytes = new byte[4];
        return parseIpv4(text, bytes, 0) ? Optional.of(bytes) : Optional.empty();
    }

    private static byte[] unmapped(byte[] address)
    {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        return new byte[] {address[12], address[13], address[14], address[15]};
    }

    private static boolean parseIpv4(String text, byte[] into, int offset)
    {
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                if (digits == 0 || part > 3) {
                    return false;
                }
                into[offset + part] = (byte) value;
                part++;
                value = 0;
                digits = 0;
                continue;
            }
            char c = text.charAt(i);
            if (c < '0' || c > '9' || digits == 3) {
                return false;
            }
            value = value * 10 + (c - '0');
            digits++;
            if (value > 255) {
                return false;
            }
        }
        return part == 4;
    }

    private static Optional<byte[]> parseIpv6(String text)
    {
        int compression = text.indexOf("::");
        if (compression >= 0 && text.indexOf("::", compression + 1) >= 0) {
            return Optional.empty();
        }
        int[] head = new int[8];
        int[] tail = new int[8];
        int headCount;
        int tailCount = 0;
        byte[] scratch = new byte[16];
        if (compression < 0) {
            headCount = groups(text, head, scratch);
            if (headCount != 8) {
                return Optional.empty();
            }
        }
        else {
            String headText = text.substring(0, compression);
            if (headText.indexOf('.') >= 0) {
                // an embedded IPv4 address may only end the address
                return Optional.empty();
            }
            headCount = headText.isEmpty() ? 0 : groups(headText, head, scratch);
            String tailText = text.substring(compression + 2);
            tailCount = tailText.isEmpty() ? 0 : groups(tailText, tail, scratch);
            if (headCount < 0 || tailCount < 0 || headCount + tailCount > 7) {
                return Optional.empty();
            }
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < headCount; i++) {
            bytes[2 * i] = (byte) (head[i] >> 8);
            bytes[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tailCount; i++) {
            int group = 8 - tailCount + i;
            bytes[2 * group] = (byte) (tail[i] >> 8);
            bytes[2 * group + 1] = (byte) tail[i];
        }
        return Optional.of(bytes);
    }

    /**
     * Parses colon-separated hex groups; a trailing dotted IPv4 part counts as two groups. Returns the group count, or
     * -1 when malformed.
     */
    private static int groups(String text, int[] into, byte[] scratch)
    {
        int count = 0;
        int start = 0;
        while (true) {
            int colon = text.indexOf(':', start);
            String group = colon < 0 ? text.substring(start) : text.substring(start, colon);
            if (colon < 0 && group.indexOf('.') >= 0) {
                if (count > 6 || !parseIpv4(group, scratch, 12)) {
                    return -1;
                }
                into[count++] = ((scratch[12] & 0xff) << 8) | (scratch[13] & 0xff);
                into[count++] = ((scratch[14] & 0xff) << 8) | (scratch[15] & 0xff);
                return count;
            }
            if (group.isEmpty() || group.length() > 4 || count == 8) {
                return -1;
            }
            int value = 0;
            for (int i = 0; i < group.length(); i++) {
                int digit = hexDigit(group.charAt(i));
                if (digit < 0) {
                    return -1;
                }
                value = (value << 4) | digit;
            }
            into[count++] = value;
            if (colon < 0) {
                return count;
            }
            start = colon + 1;
        }
    }

    private static int hexDigit(char c)
    {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean allDigits(String text)
    {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
