package dev.cairn.benchmark;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calls per second with temporary credentials (an assumed role's session: the session token is opened, the role's
 * policies evaluated) against an IAM user's long-term key with the same permission, on one server, alternating the
 * two so that drift of the machine affects both alike. The target: temporary credentials within 10 %.
 *
 * <pre>
 * java -cp cairn-benchmark/target/cairn-benchmark.jar dev.cairn.benchmark.TemporaryCredentialsBenchmark [--seconds N] [--rounds N] [--jar FILE]
 * </pre>
 */
public final class TemporaryCredentialsBenchmark
{
    private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String READ_TRAILS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:DescribeTrails\",\"Resource\":\"*\"}]}";

    private TemporaryCredentialsBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        Path jar = Path.of("cairn-cli/target/cairn.jar");
        Duration duration = Duration.ofSeconds(15);
        int rounds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (known: --jar FILE, --seconds N, --rounds N)");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found: build it first with ./cairn --version");
        }
        Duration warmUp = Duration.ofSeconds(5);
        Path data = Files.createTempDirectory("cairn-benchmark-");
        System.out.printf("machine: %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        try (ServerProcess cairn = ServerProcess.cairn(jar, List.of(), data, List.of(), Map.of("CAIRN_ROOT_ACCESS_KEY_ID", KEY, "CAIRN_ROOT_SECRET_ACCESS_KEY", SECRET))) {
            URI endpoint = URI.create("http://127.0.0.1:" + cairn.port());
            AccessKey userKey;
            Credentials session;
            try (IamClient iam = IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET))).httpClient(UrlConnectionHttpClient.create()).build()) {
                iam.createUser(request -> request.userName("bench"));
                iam.putUserPolicy(request -> request.userName("bench").policyName("read-trails").policyDocument(READ_TRAILS));
                userKey = iam.createAccessKey(request -> request.userName("bench")).accessKey();
                String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + accountOf(endpoint) + ":user/bench\"},"
                        + "\"Action\":\"sts:AssumeRole\"}]}";
                String roleArn = iam.createRole(request -> request.roleName("bench-role").assumeRolePolicyDocument(trust)).role().arn();
                iam.putRolePolicy(request -> request.roleName("bench-role").policyName("read-trails").policyDocument(READ_TRAILS));
                try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(userKey.accessKeyId(), userKey.secretAccessKey())))
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
                    session = sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("bench-session")).credentials();
                }
            }
            AwsCredentialsIdentity longTerm = AwsCredentialsIdentity.create(userKey.accessKeyId(), userKey.secretAccessKey());
            AwsCredentialsIdentity temporary = AwsSessionCredentialsIdentity.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken());
            byte[] userCall = SignedRequests.cloudTrail(endpoint, "DescribeTrails", "{}", longTerm, "us-east-1");
            byte[] sessionCall = SignedRequests.cloudTrail(endpoint, "DescribeTrails", "{}", temporary, "us-east-1");
            System.out.printf("session token: %d characters%n", session.sessionToken().length());

            List<String> report = new ArrayList<>();
            for (int connections : new int[] {1, 16}) {
                List<Double> user = new ArrayList<>();
                List<Double> role = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    LoadRun.Result a = LoadRun.run("127.0.0.1", cairn.port(), connections, warmUp, duration, c -> List.of(userCall), 200);
                    LoadRun.Result b = LoadRun.run("127.0.0.1", cairn.port(), connections, warmUp, duration, c -> List.of(sessionCall), 200);
                    if (a.errors() > 0 || b.errors() > 0) {
                        throw new IllegalStateException("calls failed: " + a.summary() + " / " + b.summary());
                    }
                    System.out.printf("%d connections, round %d: long-term %s%n                        temporary %s%n", connections, round + 1, a.summary(), b.summary());
                    user.add(a.throughput());
                    role.add(b.throughput());
                    report.add(String.format("| recorded DescribeTrails, %d connection%s, round %d | %,.0f calls/s (p99 %.2f ms) | %,.0f calls/s (p99 %.2f ms) | %+.1f %% |",
                            connections, connections == 1 ? "" : "s", round + 1, a.throughput(), a.percentileMillis(99), b.throughput(), b.percentileMillis(99),
                            (b.throughput() / a.throughput() - 1) * 100));
                }
                double userMean = user.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                double roleMean = role.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                report.add(String.format("| **mean, %d connection%s** | **%,.0f calls/s** | **%,.0f calls/s** | **%+.1f %%** |",
                        connections, connections == 1 ? "" : "s", userMean, roleMean, (roleMean / userMean - 1) * 100));
            }
            System.out.println();
            System.out.println("| measurement | IAM user, long-term key | role session, temporary credentials | difference |");
            System.out.println("| --- | --- | --- | --- |");
            report.forEach(System.out::println);
        }
    }

    /** The account of the root key, from GetCallerIdentity. */
    private static String accountOf(URI endpoint)
    {
        try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET))).httpClient(UrlConnectionHttpClient.create()).build()) {
            return sts.getCallerIdentity().account();
        }
    }
}
