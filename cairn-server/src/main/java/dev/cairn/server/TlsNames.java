package dev.cairn.server;

import java.util.Map;

/**
 * Cipher suite names as CloudTrail's {@code tlsDetails} writes them: OpenSSL's names ({@code ECDHE-RSA-AES128-GCM-SHA256})
 * rather than the IANA names Java reports ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}). TLS 1.3 suites have one
 * name in both ({@code TLS_AES_128_GCM_SHA256}).
 */
final class TlsNames
{
    private static final Map<String, String> KEY_EXCHANGE = Map.of(
            "ECDHE_RSA", "ECDHE-RSA",
            "ECDHE_ECDSA", "ECDHE-ECDSA",
            "DHE_RSA", "DHE-RSA",
            "RSA", "");
    private static final Map<String, String> CIPHERS = Map.of(
            "AES_128_GCM", "AES128-GCM",
            "AES_256_GCM", "AES256-GCM",
            "AES_128_CBC", "AES128",
            "AES_256_CBC", "AES256",
            "CHACHA20_POLY1305", "CHACHA20-POLY1305");

    private TlsNames() {}

    /** OpenSSL's name of a TLS 1.2 suite given by its IANA name; any other name as it is. */
    static String openSslCipher(String name)
    {
        if (!name.startsWith("TLS_") || !name.contains("_WITH_")) {
            return name;
        }
        String exchange = name.substring("TLS_".length(), name.indexOf("_WITH_"));
        String rest = name.substring(name.indexOf("_WITH_") + "_WITH_".length());
        int mac = rest.lastIndexOf('_');
        if (mac < 0 || !KEY_EXCHANGE.containsKey(exchange)) {
            return name;
        }
        String cipher = CIPHERS.get(rest.substring(0, mac));
        String digest = rest.substring(mac + 1);
        if (cipher == null) {
            return name;
        }
        String prefix = KEY_EXCHANGE.get(exchange);
        // OpenSSL leaves the MAC out where the AEAD implies it, and writes SHA for SHA-1
        String suffix = cipher.equals("CHACHA20-POLY1305") ? "" : "-" + digest;
        return (prefix.isEmpty() ? "" : prefix + "-") + cipher + suffix;
    }
}
