package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.Protocol;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IdentityService;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Authenticates a request by SigV4 against the stored secret of its access key, and picks the service and region
 * from the credential scope.
 */
final class RequestAuthenticator
{
    private static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private final IdentityService identities;
    private final List<String> regions;
    private final Clock clock;

    RequestAuthenticator(IdentityService identities, List<String> regions, Clock clock)
    {
        this.identities = requireNonNull(identities, "identities is null");
        this.regions = List.copyOf(regions);
        this.clock = requireNonNull(clock, "clock is null");
    }

    record Authenticated(IdentityService.Credential credential, Service service, String region)
    {
    }

    /**
     * @param headers a header's value by name
     * @throws CairnException with the error AWS returns for each failure
     */
    Authenticated authenticate(Protocol protocol, String method, String rawPath, Map<String, List<String>> queryParameters, Function<String, String> headers, byte[] body)
            throws IOException
    {
        String header = headers.apply("authorization");
        if (header == null) {
            throw new CairnException(ErrorCode.MISSING_AUTHENTICATION_TOKEN, "Request is missing Authentication Token");
        }
        SignatureV4.Authorization authorization = SignatureV4.parse(header);
        Service service = Service.fromSigningName(authorization.service())
                .filter(candidate -> protocol == Protocol.JSON ? candidate == Service.CLOUDTRAIL : candidate != Service.CLOUDTRAIL)
                .orElseThrow(() -> new CairnException(ErrorCode.INVALID_SIGNATURE,
                        "Credential should be scoped to correct service: " + (protocol == Protocol.JSON ? "'cloudtrail'" : "'iam' or 'sts'") + ", not '" + authorization.service() + "'."));
        String region = authorization.region();
        if (service.global() && region.equals(Service.GLOBAL_REGION_ALIAS)) {
            region = Service.GLOBAL_REGION;
        }
        boolean regionServed = regions.contains(region) || (service.global() && region.equals(Service.GLOBAL_REGION));
        if (!regionServed) {
            throw new CairnException(ErrorCode.INVALID_SIGNATURE, "Credential should be scoped to a valid region, not '" + authorization.region() + "'. This Cairn serves " + regions + ".");
        }
        Instant requestTime = SignatureV4.requestTime(headers.apply("x-amz-date"), authorization, clock);
        IdentityService.Credential credential = identities.credential(authorization.accessKeyId())
                .filter(candidate -> candidate.key().active())
                .orElseThrow(() -> new CairnException(ErrorCode.UNRECOGNIZED_CLIENT, INVALID_TOKEN));
        if (!SignatureV4.verify(authorization, credential.secretAccessKey(), requestTime, method, rawPath, queryParameters, headers, body)) {
            throw new CairnException(ErrorCode.INVALID_SIGNATURE,
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
        return new Authenticated(credential, service, region);
    }
}
