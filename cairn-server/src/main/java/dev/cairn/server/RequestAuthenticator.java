package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IdentityService;
import dev.cairn.model.Principal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Authenticates a request by SigV4 against the stored secret of its access key (or, with a session token, the
 * secret the token carries), and picks the service and region
 * from the credential scope.
 */
public final class RequestAuthenticator
{
    private static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private final IdentityService identities;
    private final List<String> regions;
    private final Clock clock;

    public RequestAuthenticator(IdentityService identities, List<String> regions, Clock clock)
    {
        this.identities = requireNonNull(identities, "identities is null");
        this.regions = List.copyOf(regions);
        this.clock = requireNonNull(clock, "clock is null");
    }

    public record Authenticated(Principal principal, Service service, String region)
    {
    }

    /**
     * @param accepted the services the request may be signed for: the one its JSON 1.1 target names, or those of
     *         the Query protocol (IAM, STS, SNS); the signing name in the credential scope picks one
     * @param headers a header's value by name
     * @throws CairnException with the error AWS returns for each failure
     */
    Authenticated authenticate(List<Service> accepted, String method, String rawPath, Map<String, List<String>> queryParameters, Function<String, String> headers, byte[] body)
            throws IOException
    {
        Verified verified = verify(accepted.stream().map(Service::signingName).toList(), method, rawPath, queryParameters, headers, presigned -> {
            // a presigned request's body is its own (the URL's holder does not hold the secret): always hashed
            return presigned ? SignatureV4.sha256Hex(body) : SignatureV4.contentHash(headers.apply("x-amz-content-sha256"), body);
        });
        Service service = Service.fromSigningName(verified.authorization().service()).orElseThrow();
        return new Authenticated(verified.principal(), service, verified.region());
    }

    /**
     * A request verified by its signature, with what checking its body further needs (an S3 upload's chunk
     * signatures chain from the request's).
     *
     * @param secretAccessKey the secret the request was signed with
     * @param presigned whether the signature was in the query string
     */
    public record Verified(Principal principal, String region, SignatureV4.Authorization authorization, Instant requestTime, String secretAccessKey, boolean presigned)
    {
        @Override
        public String toString()
        {
            return "Verified{" + principal.arn() + ", " + region + "}";
        }
    }

    /**
     * Verifies a request signed for one of {@code signingNames}, whose payload hash in the canonical request is what
     * {@code contentHash} gives (called with whether the request is presigned): for S3, the declared
     * {@code x-amz-content-sha256} that the body is checked against as it streams.
     */
    public Verified verify(List<String> signingNames, String method, String rawPath, Map<String, List<String>> queryParameters, Function<String, String> headers,
            Function<Boolean, String> contentHash)
            throws IOException
    {
        String header = headers.apply("authorization");
        boolean presigned = SignatureV4.isPresigned(queryParameters);
        if (header != null && presigned) {
            throw new CairnException(ErrorCode.INCOMPLETE_SIGNATURE, "Only one authentication mechanism is allowed: an Authorization header, or the X-Amz-Algorithm query "
                    + "parameters of a presigned request.");
        }
        if (header == null && !presigned) {
            throw new CairnException(ErrorCode.MISSING_AUTHENTICATION_TOKEN, "Request is missing Authentication Token");
        }
        SignatureV4.Authorization authorization;
        Map<String, List<String>> signedQuery;
        Optional<String> securityToken;
        Instant requestTime;
        if (presigned) {
            SignatureV4.Presigned parsed = SignatureV4.parsePresigned(queryParameters, clock);
            authorization = parsed.authorization();
            signedQuery = parsed.signedQuery();
            securityToken = Optional.ofNullable(queryParameters.get(SignatureV4.QUERY_SECURITY_TOKEN)).map(values -> values.get(0));
            requestTime = parsed.time();
        }
        else {
            authorization = SignatureV4.parse(header);
            signedQuery = queryParameters;
            securityToken = Optional.ofNullable(headers.apply("x-amz-security-token"));
            requestTime = SignatureV4.requestTime(headers.apply("x-amz-date"), authorization, clock);
        }
        if (!signingNames.contains(authorization.service())) {
            throw new CairnException(ErrorCode.INVALID_SIGNATURE,
                    "Credential should be scoped to correct service: " + signingNames.stream().map(candidate -> "'" + candidate + "'").collect(Collectors.joining(" or "))
                            + ", not '" + authorization.service() + "'.");
        }
        Optional<Service> service = Service.fromSigningName(authorization.service());
        boolean global = service.map(Service::global).orElse(false);
        String region = authorization.region();
        if (global && region.equals(Service.GLOBAL_REGION_ALIAS)) {
            region = Service.GLOBAL_REGION;
        }
        boolean regionServed = regions.contains(region) || (global && region.equals(Service.GLOBAL_REGION));
        if (!regionServed) {
            throw new CairnException(ErrorCode.INVALID_SIGNATURE, "Credential should be scoped to a valid region, not '" + authorization.region() + "'. This Cairn serves " + regions + ".");
        }
        String secretAccessKey;
        Principal principal;
        if (securityToken.isPresent()) {
            // temporary credentials: the token carries the session, sealed for this key id; a token sent with a stored
            // (long-term) key does not open, and AWS refuses it rather than ignore it
            IdentityService.SessionCredential session = identities.sessionCredential(authorization.accessKeyId(), securityToken.get(), clock.instant());
            secretAccessKey = session.session().secretAccessKey();
            principal = session.principal();
        }
        else {
            IdentityService.Credential credential = identities.credential(authorization.accessKeyId())
                    .filter(candidate -> candidate.key().active())
                    .orElseThrow(() -> new CairnException(ErrorCode.UNRECOGNIZED_CLIENT, INVALID_TOKEN));
            secretAccessKey = credential.secretAccessKey();
            principal = credential.principal();
        }
        if (!SignatureV4.verify(authorization, secretAccessKey, requestTime, method, rawPath, signedQuery, headers, contentHash.apply(presigned))) {
            throw new CairnException(ErrorCode.INVALID_SIGNATURE,
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
        return new Verified(principal, region, authorization, requestTime, secretAccessKey, presigned);
    }
}
