package dev.cairn.core.iam.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The AWS managed policies Cairn lists and attaches, with their documents bundled under
 * {@code /iam/managed-policies/<name>.json}.
 *
 * <p>Where the documents come from:
 * <ul>
 *     <li>{@code AdministratorAccess} (v1), {@code IAMFullAccess} (v2), {@code AWSCloudTrail_FullAccess} (v3) and
 *     {@code AWSCloudTrail_ReadOnlyAccess} (v1): verbatim copies of AWS's default versions, as published in the
 *     <a href="https://docs.aws.amazon.com/aws-managed-policy/latest/reference/">AWS Managed Policy Reference</a>.
 *     {@code AWSCloudTrail_FullAccess} grants actions of services Cairn does not serve (SNS, S3, Logs, KMS, Lambda,
 *     DynamoDB); they are kept so the document matches AWS's, and simply never come up.</li>
 *     <li>{@code ReadOnlyAccess}: the subset relevant to Cairn of AWS's document. AWS's policy lists thousands of
 *     read actions of every service; this keeps, unchanged and in AWS's order, only the actions of the services Cairn
 *     serves or that AWS's document lists next to them ({@code cloudtrail}, {@code iam}, {@code organizations},
 *     {@code s3}, {@code sts}), taken from AWS's version v90 of 2022-07-29. The metadata names that version.</li>
 * </ul>
 * Ids, paths, dates and descriptions are AWS's. Thread-safe.
 */
public final class ManagedPolicies
{
    /** The ARN prefix of every AWS managed policy. */
    public static final String ARN_PREFIX = "arn:aws:iam::aws:policy/";

    private static final String RESOURCE_DIRECTORY = "/iam/managed-policies/";

    private static final List<ManagedPolicy> ALL = List.of(
            load("AdministratorAccess", "ANPAIWMBCKSKIEE64ZLYK", "v1",
                    "2015-02-06T18:39:46Z", "2015-02-06T18:39:46Z",
                    "Provides full access to AWS services and resources."),
            load("ReadOnlyAccess", "ANPAILL3HVNFSB6DCOWYQ", "v90",
                    "2015-02-06T18:39:48Z", "2022-07-29T19:19:00Z",
                    "Provides read-only access to AWS services and resources."),
            load("IAMFullAccess", "ANPAI7XKCFMBPM3QQRRVQ", "v2",
                    "2015-02-06T18:40:38Z", "2019-06-21T19:40:00Z",
                    "Provides full access to IAM via the AWS Management Console."),
            load("AWSCloudTrail_FullAccess", "ANPAZKAPJZG4CA4SIJQAM", "v3",
                    "2020-10-08T23:41:15Z", "2021-02-22T19:01:00Z",
                    "Provides full access to AWS CloudTrail."),
            load("AWSCloudTrail_ReadOnlyAccess", "ANPAZKAPJZG4OGLRVUGKM", "v1",
                    "2022-06-14T17:19:05Z", "2022-06-14T17:19:05Z",
                    "Provides read only access to AWS CloudTrail."));

    private static final Map<String, ManagedPolicy> BY_ARN = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(ManagedPolicy::arn, Function.identity()));

    private ManagedPolicies() {}

    /** Every bundled policy, in a stable order. */
    public static List<ManagedPolicy> all()
    {
        return ALL;
    }

    /** The bundled policy with this exact (case-sensitive) ARN. */
    public static Optional<ManagedPolicy> byArn(String arn)
    {
        return Optional.ofNullable(BY_ARN.get(arn));
    }

    private static ManagedPolicy load(String name, String policyId, String defaultVersionId, String createDate, String updateDate, String description)
    {
        String resource = RESOURCE_DIRECTORY + name + ".json";
        String json;
        try (InputStream in = ManagedPolicies.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled managed policy " + resource);
            }
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled managed policy " + resource, e);
        }
        return new ManagedPolicy(
                name,
                ARN_PREFIX + name,
                "/",
                policyId,
                defaultVersionId,
                Instant.parse(createDate),
                Instant.parse(updateDate),
                description,
                PolicyDocument.parse(json),
                json);
    }
}
