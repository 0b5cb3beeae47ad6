package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.validate.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.cairn.cli.validate.CloudTrailApi;

import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Callable;

@Command(name = "public-keys", mixinStandardHelpOptions = true,
        description = {"Prints the digest signing public keys of a region (ListPublicKeys) as JSON, for 'cairn validate-logs --public-keys FILE' "
                + "to check a copy of a bucket offline."})
final class PublicKeysCommand
        implements Callable<Integer>
{
    @Mixin
    ClientOptions client;

    @Option(names = "--region", defaultValue = "us-east-1", paramLabel = "REGION", description = "Region whose keys to list. Default: ${DEFAULT-VALUE}.")
    String region;

    @Option(names = "--start-time", paramLabel = "TIME", description = "Start of the range (default: now).")
    String startTime;

    @Option(names = "--end-time", paramLabel = "TIME", description = "End of the range (default: now).")
    String endTime;

    @Override
    public Integer call()
            throws Exception
    {
        Instant now = Instant.now();
        Instant start = startTime == null ? now : Times.parse(startTime);
        Instant end = endTime == null ? now : Times.parse(endTime);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode output = mapper.createObjectNode();
        ArrayNode list = output.putArray("PublicKeyList");
        for (CloudTrailApi.PublicKeyInfo key : client.cloudTrail(region).listPublicKeys(start, end)) {
            ObjectNode node = list.addObject();
            node.put("Value", Base64.getEncoder().encodeToString(key.value()));
            node.put("ValidityStartTime", key.start().getEpochSecond());
            node.put("ValidityEndTime", key.end().getEpochSecond());
            node.put("Fingerprint", key.fingerprint());
        }
        System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(output));
        return 0;
    }
}
