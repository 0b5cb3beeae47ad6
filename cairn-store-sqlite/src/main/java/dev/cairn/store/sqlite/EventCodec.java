package dev.cairn.store.sqlite;

import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.LookupResource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
final class EventCodec
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

    static byte[] encode(EventRecord event)
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(event.json().length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(PLAIN);
            writeFields(out, event);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] encodeCompressed(EventRecord event)
    {
        byte[] plain = encode(event);
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setDictionary(DICTIONARY);
        deflater.setInput(plain, 1, plain.length - 1);
        deflater.finish();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(plain.length / 2 + 64);
        bytes.write(DEFLATED);
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            int count = deflater.deflate(buffer);
            bytes.write(buffer, 0, count);
        }
        return bytes.toByteArray();
    }

    static EventRecord decode(byte[] data)
    {
        try {
            return switch (data[0]) {
                case PLAIN -> readFields(new DataInputStream(new ByteArrayInputStream(data, 1, data.length - 1)));
                case DEFLATED -> readFields(new DataInputStream(new ByteArrayInputStream(inflate(data))));
                default -> throw new IllegalArgumentException("unknown event format " + data[0]);
            };
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] inflate(byte[] data)
            throws IOException
    {
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        inflater.setDictionary(DICTIONARY);
        inflater.setInput(data, 1, data.length - 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length * 3);
        byte[] buffer = new byte[8192];
        try {
            while (!inflater.finished()) {
                int count = inflater.inflate(buffer);
                if (count == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("truncated event data");
                }
                bytes.write(buffer, 0, count);
            }
        }
        catch (DataFormatException e) {
            throw new IOException("corrupt event data: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static void writeFields(DataOutputStream out, EventRecord event)
            throws IOException
    {
        out.writeUTF(event.region());
        out.writeUTF(event.accountId());
        out.writeLong(event.eventTime().getEpochSecond());
        out.writeInt(event.eventTime().getNano());
        out.writeUTF(event.eventId());
        out.writeUTF(event.eventName());
        out.writeUTF(event.eventSource());
        out.writeBoolean(event.readOnly());
        writeOptional(out, event.username());
        writeOptional(out, event.accessKeyId());
        out.writeUTF(event.category().recordName());
        out.writeInt(event.resources().size());
        for (LookupResource resource : event.resources()) {
            out.writeUTF(resource.type());
            out.writeUTF(resource.name());
        }
        out.writeInt(event.json().length);
        out.write(event.json());
    }

    private static EventRecord readFields(DataInputStream in)
            throws IOException
    {
        String region = in.readUTF();
        String accountId = in.readUTF();
        Instant eventTime = Instant.ofEpochSecond(in.readLong(), in.readInt());
        String eventId = in.readUTF();
        String eventName = in.readUTF();
        String eventSource = in.readUTF();
        boolean readOnly = in.readBoolean();
        Optional<String> username = readOptional(in);
        Optional<String> accessKeyId = readOptional(in);
        EventCategory category = EventCategory.fromRecordName(in.readUTF());
        int resourceCount = in.readInt();
        List<LookupResource> resources = new ArrayList<>(resourceCount);
        for (int i = 0; i < resourceCount; i++) {
            resources.add(new LookupResource(in.readUTF(), in.readUTF()));
        }
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        return new EventRecord(region, accountId, eventTime, eventId, eventName, eventSource, readOnly, username, accessKeyId, category, resources, json);
    }

    private static void writeOptional(DataOutputStream out, Optional<String> value)
            throws IOException
    {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            out.writeUTF(value.get());
        }
    }

    private static Optional<String> readOptional(DataInputStream in)
            throws IOException
    {
        return in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
    }
}
