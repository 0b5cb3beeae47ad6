package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What the chunk and trailer signatures of a streaming upload chain from: the request's own, verified signature (the
 * {@code Authorization} header's, or a presigned request's {@code X-Amz-Signature}), its time and credential scope,
 * and the signing key the secret derives for that scope. Holds a key: {@link #toString} shows only the scope.
 */
public final class SeedSignature
{
    static final String HMAC_SHA256 = "HmacSHA256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final byte[] signingKey;
    private final String amzDate;
    private final String scope;
    private final String signature;

    private SeedSignature(byte[] signingKey, String amzDate, String scope, String signature)
    {
        this.signingKey = signingKey.clone();
        this.amzDate = requireNonNull(amzDate, "amzDate is null");
        this.scope = requireNonNull(scope, "scope is null");
        this.signature = requireNonNull(signature, "signature is null").toLowerCase(Locale.ROOT);
    }

    /**
     * @param requestTime the request's {@code X-Amz-Date}, whose day is the credential scope's
     * @param region the credential scope's region
     * @param service the credential scope's service ({@code s3})
     * @param signature the request's signature, already verified
     */
    public static SeedSignature of(String secretAccessKey, Instant requestTime, String region, String service, String signature)
    {
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(region, "region is null");
        requireNonNull(service, "service is null");
        String amzDate = AMZ_DATE.format(requestTime);
        String date = amzDate.substring(0, 8);
        byte[] key = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
        for (String part : new String[] {date, region, service, "aws4_request"}) {
            key = hmac(key, part);
        }
        return new SeedSignature(key, amzDate, date + "/" + region + "/" + service + "/aws4_request", signature);
    }

    /** The request time as in {@code X-Amz-Date}, as it goes into each string to sign. */
    String amzDate()
    {
        return amzDate;
    }

    /** The credential scope, {@code yyyyMMdd/region/service/aws4_request}. */
    String scope()
    {
        return scope;
    }

    /** The request's signature, in lowercase hex: the previous signature of the first chunk. */
    String signature()
    {
        return signature;
    }

    /** A new HMAC-SHA256 with the signing key, for one body. */
    Mac newMac()
    {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(signingKey, HMAC_SHA256));
            return mac;
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data)
    {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString()
    {
        return "SeedSignature{" + amzDate + ", " + scope + "}";
    }
}
