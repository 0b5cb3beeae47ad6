package dev.cairn.core.history;

import com.fasterxml.jackson.core.SerializableString;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 bytes written as one quoted JSON string, escaped byte by byte: {@code "} and {@code \} get a backslash,
 * control characters become six-character escapes (a backslash, {@code u} and four hex digits), and everything else, multi-byte UTF-8 included, is copied. Event
 * history returns each record as a string ({@code CloudTrailEvent}); escaping its stored bytes directly is many times
 * cheaper than decoding them to a String and escaping it character by character.
 *
 * <p>Only the UTF-8 methods a JSON generator uses for raw values are meaningful here; the others decode on demand.
 */
final class JsonStringBytes
        implements SerializableString
{
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final byte[] quoted;

    JsonStringBytes(byte[] utf8)
    {
        this.quoted = quote(utf8);
    }

    static byte[] quote(byte[] utf8)
    {
        int extra = 0;
        for (byte b : utf8) {
            if (b == '"' || b == '\\') {
                extra++;
            }
            else if (b >= 0 && b < 0x20) {
                extra += 5;
            }
        }
        byte[] out = new byte[utf8.length + extra + 2];
        int position = 0;
        out[position++] = '"';
        for (byte b : utf8) {
            if (b == '"' || b == '\\') {
                out[position++] = '\\';
                out[position++] = b;
            }
            else if (b >= 0 && b < 0x20) {
                out[position++] = '\\';
                out[position++] = 'u';
                out[position++] = '0';
                out[position++] = '0';
                out[position++] = HEX[b >> 4];
                out[position++] = HEX[b & 0xf];
            }
            else {
                out[position++] = b;
            }
        }
        out[position] = '"';
        return out;
    }

    @Override
    public byte[] asUnquotedUTF8()
    {
        return quoted.clone();
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset)
    {
        if (offset + quoted.length > buffer.length) {
            return -1;
        }
        System.arraycopy(quoted, 0, buffer, offset, quoted.length);
        return quoted.length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out)
            throws IOException
    {
        out.write(quoted);
        return quoted.length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer)
    {
        if (buffer.remaining() < quoted.length) {
            return -1;
        }
        buffer.put(quoted);
        return quoted.length;
    }

    @Override
    public String getValue()
    {
        return new String(quoted, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength()
    {
        return getValue().length();
    }

    @Override
    public char[] asQuotedChars()
    {
        throw new UnsupportedOperationException("raw value only");
    }

    @Override
    public byte[] asQuotedUTF8()
    {
        throw new UnsupportedOperationException("raw value only");
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset)
    {
        throw new UnsupportedOperationException("raw value only");
    }

    @Override
    public int appendQuoted(char[] buffer, int offset)
    {
        throw new UnsupportedOperationException("raw value only");
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset)
    {
        String value = getValue();
        if (offset + value.length() > buffer.length) {
            return -1;
        }
        value.getChars(0, value.length(), buffer, offset);
        return value.length();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out)
    {
        throw new UnsupportedOperationException("raw value only");
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer)
    {
        throw new UnsupportedOperationException("raw value only");
    }
}
