package dev.cairn.core.ops.cloudtrail;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.InputValidator;
import dev.cairn.core.api.Service;
import dev.cairn.core.digest.SigningKey;
import dev.cairn.core.digest.SigningKeys;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The call region's digest signing keys whose validity overlaps [StartTime, EndTime] (both default to now): the
 * public key as PKCS#1 DER, its fingerprint (hex MD5 of that DER) and validity. All in one page.
 */
public final class ListPublicKeys
        implements ReadOperation
{
    private final Clock clock;

    public ListPublicKeys(Clock clock)
    {
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Service service()
    {
        return Service.CLOUDTRAIL;
    }

    @Override
    public String name()
    {
        return "ListPublicKeys";
    }

    @Override
    public Optional<ErrorCode> validationError(String member)
    {
        return switch (member) {
            case "StartTime", "EndTime" -> Optional.of(ErrorCode.INVALID_TIME_RANGE);
            case "NextToken" -> Optional.of(ErrorCode.INVALID_TOKEN);
            default -> Optional.empty();
        };
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Instant now = clock.instant();
        Instant start = time(call, "StartTime").orElse(now);
        Instant end = time(call, "EndTime").orElse(now);
        if (start.isAfter(end)) {
            throw new CairnException(ErrorCode.INVALID_TIME_RANGE, "StartTime must not be after EndTime.");
        }
        if (call.input().hasNonNull("NextToken")) {
            throw new CairnException(ErrorCode.INVALID_TOKEN, "Invalid NextToken: ListPublicKeys answers in one page.");
        }
        ObjectNode output = Trails.NODES.objectNode();
        ArrayNode list = output.putArray("PublicKeyList");
        for (SigningKey key : SigningKeys.keys(metadata, call.region(), start, end)) {
            ObjectNode node = list.addObject();
            node.put("Value", key.publicKey());
            node.put("ValidityStartTime", Trails.epochSeconds(key.validityStart()));
            node.put("ValidityEndTime", Trails.epochSeconds(key.validityEnd()));
            node.put("Fingerprint", key.fingerprint());
        }
        return output;
    }

    private static Optional<Instant> time(CallContext call, String member)
    {
        if (!call.input().hasNonNull(member)) {
            return Optional.empty();
        }
        return Optional.of(InputValidator.instant(call.input().get(member)));
    }
}
