package dev.cairn.spi;

import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.LookupResource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Binary form of an {@link EventRecord} in the store. The first byte names the format:
 * {@code 1} = plain fields; {@code 2} = the plain form compressed with raw deflate and the preset dictionary below.
 * Formats and the dictionary never change once written; a new one gets a new number.
 */
public final class EventCodec
{
    private static final byte PLAIN = 1;
    private static final byte DEFLATED = 2;

    // typical record text: a preset dictionary lets even a single record compress well
    private static final byte[] DICTIONARY = ("""
            {"eventVersion":"1.11","userIdentity":{"type":"IAMUser","principalId":"AIDA","arn":"arn:aws:iam::\
            :user/","accountId":"","accessKeyId":"AKIA","userName":""},"eventTime":"2026-11-24T12:00:00Z",\
            "eventSource":"cloudtrail.amazonaws.com","eventName":"LookupEvents","awsRegion":"us-east-1",\
            "sourceIPAddress":"127.0.0.1","userAgent":"aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6 md/arch#x86_64 \
            lang/python#3.11.7 md/pyimpl#CPython m/D,N cfg/retry-mode#legacy botocore/1.43.11",\
            "aws-sdk-java/2.40.2 md/io#sync md/http#UrlConnection ua/2.1 api/CloudTrail#2.40.x os/Linux lang/java#17.0.15 \
            md/OpenJDK_64-Bit_Server_VM#17.0.15+6-Debian-1deb12u1 md/vendor#Debian md/en_US m/D,N",\
            "errorCode":"AccessDenied","errorMessage":"User: arn:aws:iam:: is not authorized to perform: \
            because no identity-based policy allows the action","requestParameters":{"userName":"","trailName":"",\
            "lookupAttributes":[{"attributeKey":"Username","attributeValue":""}],"maxResults":50},\
            "responseElements":null,"requestID":"","eventID":"","readOnly":true,"eventType":"AwsApiCall",\
            "managementEvent":true,"recipientAccountId":"","eventCategory":"Management","iam.amazonaws.com",\
            "sts.amazonaws.com","GetCallerIdentity","DescribeTrails","CreateUser","CreateAccessKey",\
            "tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"localhost:4747"}}
            """).getBytes(StandardCharsets.UTF_8);

    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED, true));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(() -> new Inflater(true));

    private EventCodec() {}

    public static byte[] encode(EventRecord event)
    {
        Writer out = new Writer(event.json().length + 256);
        out.writeByte(PLAIN);
        writeFields(out, event);
        return out.toByteArray();
    }

    public static byte[] encodeCompressed(EventRecord event)
    {
        byte[] plain = encode(event);
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setDictionary(DICTIONARY);
        deflater.setInput(plain, 1, plain.length - 1);
        deflater.finish();
        byte[] buffer = new byte[plain.length + 64];
        buffer[0] = DEFLATED;
        int length = 1;
        while (!deflater.finished()) {
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            length += deflater.deflate(buffer, length, buffer.length - length);
        }
        return Arrays.copyOf(buffer, length);
    }

    public static EventRecord decode(byte[] data)
    {
        return switch (data[0]) {
            case PLAIN -> readFields(new Reader(data, 1));
            case DEFLATED -> readFields(new Reader(inflate(data), 0));
            default -> throw new IllegalArgumentException("unknown event format " + data[0]);
        };
    }

    private static byte[] inflate(byte[] data)
    {
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        inflater.setDictionary(DICTIONARY);
        inflater.setInput(data, 1, data.length - 1);
        byte[] buffer = new byte[data.length * 4 + 64];
        int length = 0;
        try {
            while (!inflater.finished()) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int count = inflater.inflate(buffer, length, buffer.length - length);
                if (count == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated event data");
                }
                length += count;
            }
        }
        catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt event data: " + e.getMessage(), e);
        }
        return Arrays.copyOf(buffer, length);
    }

    private static void writeFields(Writer out, EventRecord event)
    {
        out.writeString(event.region());
        out.writeString(event.accountId());
        out.writeLong(event.eventTime().getEpochSecond());
        out.writeInt(event.eventTime().getNano());
        out.writeString(event.eventId());
        out.writeString(event.eventName());
        out.writeString(event.eventSource());
        out.writeByte(event.readOnly() ? 1 : 0);
        writeOptional(out, event.username());
        writeOptional(out, event.accessKeyId());
        out.writeString(event.category().recordName());
        out.writeInt(event.resources().size());
        for (LookupResource resource : event.resources()) {
            out.writeString(resource.type());
            out.writeString(resource.name());
        }
        out.writeInt(event.json().length);
        out.write(event.json());
    }

    private static EventRecord readFields(Reader in)
    {
        String region = in.readString();
        String accountId = in.readString();
        Instant eventTime = Instant.ofEpochSecond(in.readLong(), in.readInt());
        String eventId = in.readString();
        String eventName = in.readString();
        String eventSource = in.readString();
        boolean readOnly = in.readByte() != 0;
        Optional<String> username = readOptional(in);
        Optional<String> accessKeyId = readOptional(in);
        EventCategory category = EventCategory.fromRecordName(in.readString());
        int resourceCount = in.readInt();
        List<LookupResource> resources = new ArrayList<>(resourceCount);
        for (int i = 0; i < resourceCount; i++) {
            resources.add(new LookupResource(in.readString(), in.readString()));
        }
        byte[] json = in.readBytes(in.readInt());
        return new EventRecord(region, accountId, eventTime, eventId, eventName, eventSource, readOnly, username, accessKeyId, category, resources, json);
    }

    private static void writeOptional(Writer out, Optional<String> value)
    {
        out.writeByte(value.isPresent() ? 1 : 0);
        value.ifPresent(out::writeString);
    }

    private static Optional<String> readOptional(Reader in)
    {
        return in.readByte() != 0 ? Optional.of(in.readString()) : Optional.empty();
    }

    /** Big-endian fields into a growing array; strings as a length and UTF-8 bytes. */
    private static final class Writer
    {
        private byte[] bytes;
        private int length;

        Writer(int capacity)
        {
            bytes = new byte[capacity];
        }

        private void ensure(int extra)
        {
            if (length + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
            }
        }

        void writeByte(int value)
        {
            ensure(1);
            bytes[length++] = (byte) value;
        }

        void writeInt(int value)
        {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                bytes[length++] = (byte) (value >>> shift);
            }
        }

        void writeLong(long value)
        {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[length++] = (byte) (value >>> shift);
            }
        }

        void write(byte[] value)
        {
            ensure(value.length);
            System.arraycopy(value, 0, bytes, length, value.length);
            length += value.length;
        }

        void writeString(String value)
        {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            writeInt(utf8.length);
            write(utf8);
        }

        byte[] toByteArray()
        {
            return Arrays.copyOf(bytes, length);
        }
    }

    private static final class Reader
    {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes, int position)
        {
            this.bytes = bytes;
            this.position = position;
        }

        int readByte()
        {
            return bytes[position++];
        }

        int readInt()
        {
            int value = 0;
            for (int i = 0; i < 4; i++) {
                value = (value << 8) | (bytes[position++] & 0xff);
            }
            return value;
        }

        long readLong()
        {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (bytes[position++] & 0xff);
            }
            return value;
        }

        byte[] readBytes(int count)
        {
            byte[] value = Arrays.copyOfRange(bytes, position, position + count);
            position += count;
            return value;
        }

        String readString()
        {
            int count = readInt();
            String value = new String(bytes, position, count, StandardCharsets.UTF_8);
            position += count;
            return value;
        }
    }
}
