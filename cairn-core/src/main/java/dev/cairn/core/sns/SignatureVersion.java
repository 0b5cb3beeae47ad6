package dev.cairn.core.sns;

import static java.util.Objects.requireNonNull;

/**
 * A topic's {@code SignatureVersion} attribute: the algorithm SNS signs the messages it posts to HTTP/HTTPS endpoints
 * with (<a href="https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html">Verifying the
 * signatures of Amazon SNS messages</a>). Both are RSA PKCS#1 v1.5 signatures, Base64-encoded in the message.
 */
public enum SignatureVersion
{
    /** {@code SHA1withRSA}; what a topic has unless {@code SignatureVersion} is set (CreateTopic, SetTopicAttributes). */
    V1("1", "SHA1withRSA"),
    /** {@code SHA256withRSA}; AWS recommends it. */
    V2("2", "SHA256withRSA");

    /** A topic's signature version when none is set, as in SNS's API reference (GetTopicAttributes). */
    public static final SignatureVersion DEFAULT = V1;

    private final String value;
    private final String algorithm;

    SignatureVersion(String value, String algorithm)
    {
        this.value = value;
        this.algorithm = algorithm;
    }

    /** The attribute's and the message's {@code SignatureVersion} value: {@code "1"} or {@code "2"}. */
    public String value()
    {
        return value;
    }

    /** The JCA name of the signature algorithm. */
    public String algorithm()
    {
        return algorithm;
    }

    /**
     * @throws IllegalArgumentException unless {@code value} is {@code "1"} or {@code "2"}
     */
    public static SignatureVersion fromValue(String value)
    {
        requireNonNull(value, "value is null");
        for (SignatureVersion version : values()) {
            if (version.value.equals(value)) {
                return version;
            }
        }
        throw new IllegalArgumentException("SignatureVersion must be 1 or 2, not " + value);
    }
}
