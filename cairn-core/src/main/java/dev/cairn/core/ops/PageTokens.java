package dev.cairn.core.ops;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Opaque paging tokens of one service: a position (the key of the last item of a page) under the service's prefix,
 * Base64 in the URL alphabet, so that a token of another service or list, or a made-up one, is refused.
 */
public final class PageTokens
{
    private final String prefix;
    private final Supplier<CairnException> invalid;

    /**
     * @param invalid the service's answer to a token it never gave
     */
    public PageTokens(String prefix, Supplier<CairnException> invalid)
    {
        this.prefix = requireNonNull(prefix, "prefix is null");
        this.invalid = requireNonNull(invalid, "invalid is null");
    }

    public String encode(String position)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((prefix + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a token names, empty without a token; a token this service did not give is refused. */
    public Optional<String> decode(Optional<String> token)
    {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            decoded = "";
        }
        if (!decoded.startsWith(prefix) || decoded.length() == prefix.length()) {
            throw invalid.get();
        }
        return Optional.of(decoded.substring(prefix.length()));
    }
}
