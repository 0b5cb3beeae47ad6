package dev.cairn.core.sns;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Assembles an SNS string to sign: {@code name\nvalue\n} for each pair, in the order added. */
final class StringToSign
{
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final StringBuilder text = new StringBuilder(512);

    StringToSign add(String name, String value)
    {
        text.append(name).append('\n').append(value).append('\n');
        return this;
    }

    @Override
    public String toString()
    {
        return text.toString();
    }
}
