package dev.cairn.core.s3;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Requests for tests, written as their request line: {@code GET /bucket/key?versionId=1}.
 */
final class S3Requests
{
    private S3Requests() {}

    /** A path-style request; the target's query is decoded as a server decodes it. */
    static S3Request request(String requestLine, Map<String, String> headers)
    {
        return request(requestLine, headers, Optional.empty());
    }

    static S3Request request(String requestLine, Map<String, String> headers, Optional<String> virtualHostDomain)
    {
        int space = requestLine.indexOf(' ');
        String method = requestLine.substring(0, space);
        String target = requestLine.substring(space + 1);
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (question >= 0) {
            for (String parameter : target.substring(question + 1).split("&")) {
                int equals = parameter.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? parameter : parameter.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
            }
        }
        Map<String, String> lowercase = new LinkedHashMap<>();
        headers.forEach((name, value) -> lowercase.put(name.toLowerCase(Locale.ROOT), value));
        return S3Request.parse(method, path, query, lowercase::get, virtualHostDomain);
    }
}
