package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Cairn;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.lake.EventDataStoreDeletions;
import dev.cairn.core.lake.LakeResourcePolicies;
import dev.cairn.model.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.BillingMode;
import software.amazon.awssdk.services.cloudtrail.model.Channel;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.CreateChannelResponse;
import software.amazon.awssdk.services.cloudtrail.model.CreateEventDataStoreResponse;
import software.amazon.awssdk.services.cloudtrail.model.Destination;
import software.amazon.awssdk.services.cloudtrail.model.DestinationType;
import software.amazon.awssdk.services.cloudtrail.model.EventDataStoreStatus;
import software.amazon.awssdk.services.cloudtrail.model.GetChannelResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetEventDataStoreResponse;
import software.amazon.awssdk.services.cloudtrail.model.ListEventDataStoresResponse;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.Tag;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * CloudTrail Lake's management API as the AWS SDK's CloudTrail client sees it: event data stores through their
 * lifecycle (create, get, list, update, delete to PENDING_DELETION, restore, ingestion, removal for good after seven
 * days), channels for events from outside AWS, resource policies, tags, every error, and the calls' records. The
 * AWS CLI creates and lists one store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class EventDataStoresIT
{
    private static final AdvancedEventSelector EXTERNAL_EVENTS = AdvancedEventSelector.builder().name("external")
            .fieldSelectors(AdvancedFieldSelector.builder().field("eventCategory").equalsValue("ActivityAuditLog").build()).build();

    private TestingCairnServer server;
    private CloudTrailClient east;
    private CloudTrailClient west;

    @TempDir
    Path directory;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        east = server.cloudTrail();
        west = server.cloudTrail(TestingCairnServer.rootCredentials(), "us-west-2");
    }

    @AfterAll
    public void stop()
    {
        east.close();
        west.close();
        server.close();
    }

    /** Deletes every channel and store of the account, then removes the stores for good (as seven days later). */
    @AfterEach
    public void purge()
            throws IOException
    {
        for (CloudTrailClient client : List.of(east, west)) {
            for (Channel channel : client.listChannels(request -> { }).channels()) {
                client.deleteChannel(request -> request.channel(channel.channelArn()));
            }
        }
        for (CloudTrailClient client : List.of(east, west)) {
            for (var listed : client.listEventDataStores(request -> { }).eventDataStores()) {
                GetEventDataStoreResponse store = client.getEventDataStore(request -> request.eventDataStore(listed.eventDataStoreArn()));
                if (!store.eventDataStoreArn().contains(client == east ? ":us-east-1:" : ":us-west-2:")) {
                    continue;
                }
                if (store.status() != EventDataStoreStatus.PENDING_DELETION) {
                    client.updateEventDataStore(request -> request.eventDataStore(store.eventDataStoreArn()).terminationProtectionEnabled(false));
                    client.deleteEventDataStore(request -> request.eventDataStore(store.eventDataStoreArn()));
                }
            }
        }
        sevenDaysLater().runOnce();
    }

    private EventDataStoreDeletions sevenDaysLater()
    {
        Cairn cairn = server.server().cairn();
        return new EventDataStoreDeletions(cairn.store(), cairn.journal(), Clock.offset(Clock.system(ZoneOffset.UTC), EventDataStore.DELETION_WAIT.plusMinutes(1)));
    }

    @Test
    public void createGetListUpdateDeleteRestore()
            throws IOException
    {
        String account = server.accountId();
        CreateEventDataStoreResponse created = east.createEventDataStore(request -> request.name("audit-store")
                .tagsList(Tag.builder().key("team").value("security").build()).kmsKeyId("alias/lake-key"));
        String arn = created.eventDataStoreArn();
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        assertThat(arn).matches("arn:aws:cloudtrail:us-east-1:" + account + ":eventdatastore/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        // CloudTrail's defaults: all management events, every region, protected, one-year extendable pricing, ingesting
        assertThat(created.name()).isEqualTo("audit-store");
        assertThat(created.status()).isEqualTo(EventDataStoreStatus.ENABLED);
        assertThat(created.advancedEventSelectors()).containsExactly(AdvancedEventSelector.builder().name("Default management events")
                .fieldSelectors(AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Management").build()).build());
        assertThat(created.multiRegionEnabled()).isTrue();
        assertThat(created.organizationEnabled()).isFalse();
        assertThat(created.terminationProtectionEnabled()).isTrue();
        assertThat(created.retentionPeriod()).isEqualTo(366);
        assertThat(created.billingMode()).isEqualTo(BillingMode.EXTENDABLE_RETENTION_PRICING);
        assertThat(created.kmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:" + account + ":alias/lake-key");
        assertThat(created.tagsList()).containsExactly(Tag.builder().key("team").value("security").build());
        assertThat(created.createdTimestamp()).isEqualTo(created.updatedTimestamp()).isNotNull();

        GetEventDataStoreResponse byArn = east.getEventDataStore(request -> request.eventDataStore(arn));
        assertThat(byArn.name()).isEqualTo("audit-store");
        assertThat(byArn.status()).isEqualTo(EventDataStoreStatus.ENABLED);
        assertThat(byArn.federationStatusAsString()).isEqualTo("DISABLED");
        assertThat(east.getEventDataStore(request -> request.eventDataStore(id)).eventDataStoreArn()).isEqualTo(arn);
        // a multi-region store appears in every region, and changes only from its home region
        assertThat(west.getEventDataStore(request -> request.eventDataStore(id)).eventDataStoreArn()).isEqualTo(arn);
        assertThat(west.listEventDataStores(request -> { }).eventDataStores()).extracting(store -> store.eventDataStoreArn()).containsExactly(arn);
        assertError(() -> west.updateEventDataStore(request -> request.eventDataStore(arn).retentionPeriod(90)), "InvalidHomeRegionException", "us-east-1");

        ListEventDataStoresResponse listed = east.listEventDataStores(request -> { });
        assertThat(listed.eventDataStores()).hasSize(1);
        assertThat(listed.eventDataStores().get(0).eventDataStoreArn()).isEqualTo(arn);
        assertThat(listed.eventDataStores().get(0).name()).isEqualTo("audit-store");
        assertThat(listed.nextToken()).isNull();

        var updated = east.updateEventDataStore(request -> request.eventDataStore(id).name("audit-store-renamed").retentionPeriod(90).multiRegionEnabled(false));
        assertThat(updated.name()).isEqualTo("audit-store-renamed");
        assertThat(updated.retentionPeriod()).isEqualTo(90);
        assertThat(updated.multiRegionEnabled()).isFalse();
        assertThat(updated.terminationProtectionEnabled()).isTrue();
        assertThat(updated.updatedTimestamp()).isAfterOrEqualTo(updated.createdTimestamp());
        assertThat(west.listEventDataStores(request -> { }).eventDataStores()).as("single-region now").isEmpty();
        assertError(() -> west.getEventDataStore(request -> request.eventDataStore(id)), "EventDataStoreNotFoundException", id);

        assertErrorMessage(() -> east.deleteEventDataStore(request -> request.eventDataStore(arn)), "EventDataStoreTerminationProtectedException",
                "Event data store " + arn + " has termination protection enabled: disable it (UpdateEventDataStore, TerminationProtectionEnabled false) before "
                        + "deleting the store.");
        east.updateEventDataStore(request -> request.eventDataStore(arn).terminationProtectionEnabled(false));
        east.deleteEventDataStore(request -> request.eventDataStore(arn));
        assertThat(east.getEventDataStore(request -> request.eventDataStore(arn)).status()).isEqualTo(EventDataStoreStatus.PENDING_DELETION);
        assertThat(east.listEventDataStores(request -> { }).eventDataStores()).as("pending deletion, still listed").hasSize(1);
        assertError(() -> east.updateEventDataStore(request -> request.eventDataStore(arn).retentionPeriod(30)), "InactiveEventDataStoreException", "pending deletion");
        assertError(() -> east.deleteEventDataStore(request -> request.eventDataStore(arn)), "InactiveEventDataStoreException", "pending deletion");
        assertError(() -> east.startEventDataStoreIngestion(request -> request.eventDataStore(arn)), "InvalidEventDataStoreStatusException", "PENDING_DELETION");
        assertError(() -> east.addTags(request -> request.resourceId(arn).tagsList(Tag.builder().key("k").build())), "InactiveEventDataStoreException", "pending");

        var restored = east.restoreEventDataStore(request -> request.eventDataStore(arn));
        assertThat(restored.status()).isEqualTo(EventDataStoreStatus.ENABLED);
        assertThat(restored.name()).isEqualTo("audit-store-renamed");
        assertError(() -> east.restoreEventDataStore(request -> request.eventDataStore(arn)), "InvalidEventDataStoreStatusException", "ENABLED");

        // seven days after a deletion, the background step removes the store for good
        east.deleteEventDataStore(request -> request.eventDataStore(arn));
        assertThat(server.server().cairn().eventDataStoreDeletions().due()).as("not yet due").isEmpty();
        assertThat(sevenDaysLater().due()).extracting(EventDataStore::arn).containsExactly(arn);
        sevenDaysLater().runOnce();
        assertError(() -> east.getEventDataStore(request -> request.eventDataStore(arn)), "EventDataStoreNotFoundException", arn);
        assertError(() -> east.restoreEventDataStore(request -> request.eventDataStore(arn)), "EventDataStoreNotFoundException", arn);
        assertThat(east.listEventDataStores(request -> { }).eventDataStores()).isEmpty();
    }

    @Test
    public void settingsAndTheirErrors()
    {
        var fixed = east.createEventDataStore(request -> request.name("seven-years").billingMode(BillingMode.FIXED_RETENTION_PRICING).multiRegionEnabled(false)
                .terminationProtectionEnabled(false).startIngestion(false)
                .advancedEventSelectors(AdvancedEventSelector.builder().fieldSelectors(
                        AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Management").build(),
                        AdvancedFieldSelector.builder().field("eventName").notStartsWith("Get", "List", "Describe").build()).build()));
        assertThat(fixed.retentionPeriod()).isEqualTo(2557);
        assertThat(fixed.status()).isEqualTo(EventDataStoreStatus.STOPPED_INGESTION);
        assertThat(fixed.advancedEventSelectors().get(0).fieldSelectors().get(1).notStartsWith()).containsExactly("Get", "List", "Describe");
        String arn = fixed.eventDataStoreArn();
        assertError(() -> east.updateEventDataStore(request -> request.eventDataStore(arn).retentionPeriod(3000)), "InvalidParameterException", "2557");
        assertThat(east.updateEventDataStore(request -> request.eventDataStore(arn).billingMode(BillingMode.EXTENDABLE_RETENTION_PRICING).retentionPeriod(3000))
                .retentionPeriod()).isEqualTo(3000);
        assertError(() -> east.updateEventDataStore(request -> request.eventDataStore(arn).billingMode(BillingMode.FIXED_RETENTION_PRICING)),
                "InvalidParameterException", "EXTENDABLE_RETENTION_PRICING to FIXED_RETENTION_PRICING");
        assertError(() -> east.updateEventDataStore(request -> request.eventDataStore(arn)), "InvalidParameterException", "at least one");
        assertError(() -> east.updateEventDataStore(request -> request.eventDataStore(arn).advancedEventSelectors(EXTERNAL_EVENTS)), "InvalidEventSelectorsException",
                "type of events");
        east.updateEventDataStore(request -> request.eventDataStore(arn).kmsKeyId("alias/first"));
        assertError(() -> east.updateEventDataStore(request -> request.eventDataStore(arn).kmsKeyId("alias/second")), "InvalidParameterException", "cannot be changed");

        assertError(() -> east.createEventDataStore(request -> request.name("seven-years")), "EventDataStoreAlreadyExistsException", "seven-years");
        assertError(() -> east.createEventDataStore(request -> request.name("bad name!")), "InvalidParameterException", "");
        assertError(() -> east.createEventDataStore(request -> request.name("short").retentionPeriod(3)), "InvalidParameterException", "");
        assertError(() -> east.createEventDataStore(request -> request.name("fixed").billingMode(BillingMode.FIXED_RETENTION_PRICING).retentionPeriod(3000)),
                "InvalidParameterException", "2557");
        assertError(() -> east.createEventDataStore(request -> request.name("colored").advancedEventSelectors(AdvancedEventSelector.builder()
                .fieldSelectors(AdvancedFieldSelector.builder().field("color").equalsValue("red").build()).build())), "InvalidEventSelectorsException", "eventCategory");
        assertError(() -> east.createEventDataStore(request -> request.name("mixed").advancedEventSelectors(EXTERNAL_EVENTS, AdvancedEventSelector.builder()
                .fieldSelectors(AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Management").build()).build())), "InvalidEventSelectorsException",
                "one type of event");
        assertError(() -> east.createEventDataStore(request -> request.name("organization").organizationEnabled(true)), "OrganizationsNotInUseException", "organization");
        assertError(() -> east.createEventDataStore(request -> request.name("external").advancedEventSelectors(EXTERNAL_EVENTS).startIngestion(false)),
                "InvalidParameterException", "StartIngestion");
        assertError(() -> east.createEventDataStore(request -> request.name("tagged")
                .tagsList(IntStream.range(0, 51).mapToObj(i -> Tag.builder().key("k" + i).build()).toList())), "InvalidTagParameterException", "50");
        assertError(() -> east.getEventDataStore(request -> request.eventDataStore("arn:aws:cloudtrail:us-east-1:bad")), "EventDataStoreARNInvalidException", "bad");
        assertError(() -> east.getEventDataStore(request -> request.eventDataStore("00000000-0000-4000-8000-000000000000")), "EventDataStoreNotFoundException",
                "00000000-0000-4000-8000-000000000000");
        assertError(() -> east.listEventDataStores(request -> request.nextToken("made-up-token")), "InvalidNextTokenException", "NextToken");
        assertError(() -> east.listEventDataStores(request -> request.maxResults(0)), "InvalidMaxResultsException", "");
        assertThat(east.listEventDataStores(request -> { }).eventDataStores()).as("failed requests change nothing").hasSize(1);

        // another account sees nothing of it
        var other = server.createAccount();
        try (CloudTrailClient stranger = server.cloudTrail(TestingCairnServer.credentials(other.accessKeyId(), other.secretAccessKey()), "us-east-1")) {
            assertThat(stranger.listEventDataStores(request -> { }).eventDataStores()).isEmpty();
            assertError(() -> stranger.getEventDataStore(request -> request.eventDataStore(arn)), "EventDataStoreNotFoundException", arn);
            assertError(() -> stranger.deleteEventDataStore(request -> request.eventDataStore(arn)), "EventDataStoreNotFoundException", arn);
            // the limit: ten per region, those pending deletion included; paging through them
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String name = "store-" + i;
                names.add(name);
                stranger.createEventDataStore(request -> request.name(name).multiRegionEnabled(false).terminationProtectionEnabled(false));
            }
            String first = stranger.listEventDataStores(request -> { }).eventDataStores().get(0).eventDataStoreArn();
            stranger.deleteEventDataStore(request -> request.eventDataStore(first));
            assertError(() -> stranger.createEventDataStore(request -> request.name("store-10").multiRegionEnabled(false)), "EventDataStoreMaxLimitExceededException", "10");
            // another region has room, for a single-region store
            try (CloudTrailClient strangerWest = server.cloudTrail(TestingCairnServer.credentials(other.accessKeyId(), other.secretAccessKey()), "us-west-2")) {
                strangerWest.createEventDataStore(request -> request.name("store-10").multiRegionEnabled(false));
                assertError(() -> strangerWest.createEventDataStore(request -> request.name("everywhere")), "EventDataStoreMaxLimitExceededException", "us-east-1");
            }
            List<String> paged = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                var page = stranger.listEventDataStores(request -> request.maxResults(3).nextToken(next));
                assertThat(page.eventDataStores().size()).isLessThanOrEqualTo(3);
                page.eventDataStores().forEach(store -> paged.add(store.name()));
                token = page.nextToken();
            }
            while (token != null);
            // oldest first; stores created in the same millisecond order by id
            assertThat(paged).containsExactlyInAnyOrderElementsOf(names);
        }
    }

    @Test
    public void ingestionStartsAndStops()
            throws IOException
    {
        String arn = east.createEventDataStore(request -> request.name("ingesting").multiRegionEnabled(false)).eventDataStoreArn();
        east.stopEventDataStoreIngestion(request -> request.eventDataStore(arn));
        assertThat(east.getEventDataStore(request -> request.eventDataStore(arn)).status()).isEqualTo(EventDataStoreStatus.STOPPED_INGESTION);
        assertError(() -> east.stopEventDataStoreIngestion(request -> request.eventDataStore(arn)), "InvalidEventDataStoreStatusException", "STOPPED_INGESTION");
        east.startEventDataStoreIngestion(request -> request.eventDataStore(arn));
        assertThat(east.getEventDataStore(request -> request.eventDataStore(arn)).status()).isEqualTo(EventDataStoreStatus.ENABLED);
        assertError(() -> east.startEventDataStoreIngestion(request -> request.eventDataStore(arn)), "InvalidEventDataStoreStatusException", "ENABLED");
        assertThat(server.server().cairn().lake().ingestingCloudTrailEventDataStores()).extracting(EventDataStore::arn).contains(arn);

        String external = east.createEventDataStore(request -> request.name("external").multiRegionEnabled(false).advancedEventSelectors(EXTERNAL_EVENTS))
                .eventDataStoreArn();
        assertError(() -> east.stopEventDataStoreIngestion(request -> request.eventDataStore(external)), "InvalidEventDataStoreCategoryException", "ActivityAuditLog");
    }

    @Test
    public void channelsSendToSingleRegionStoresOfExternalEvents()
    {
        String account = server.accountId();
        String external = east.createEventDataStore(request -> request.name("external").multiRegionEnabled(false).advancedEventSelectors(EXTERNAL_EVENTS))
                .eventDataStoreArn();
        String other = east.createEventDataStore(request -> request.name("external-2").multiRegionEnabled(false).advancedEventSelectors(EXTERNAL_EVENTS))
                .eventDataStoreArn();
        String management = east.createEventDataStore(request -> request.name("management").multiRegionEnabled(false)).eventDataStoreArn();
        String everywhere = east.createEventDataStore(request -> request.name("external-everywhere").advancedEventSelectors(EXTERNAL_EVENTS)).eventDataStoreArn();

        CreateChannelResponse created = east.createChannel(request -> request.name("my-app").source("Custom")
                .destinations(destination(external)).tags(Tag.builder().key("app").value("billing").build()));
        String arn = created.channelArn();
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        assertThat(arn).matches("arn:aws:cloudtrail:us-east-1:" + account + ":channel/[0-9a-f-]{36}");
        assertThat(created.name()).isEqualTo("my-app");
        assertThat(created.source()).isEqualTo("Custom");
        assertThat(created.destinations()).containsExactly(destination(external));
        assertThat(created.tags()).containsExactly(Tag.builder().key("app").value("billing").build());

        GetChannelResponse channel = east.getChannel(request -> request.channel(id));
        assertThat(channel.channelArn()).isEqualTo(arn);
        assertThat(channel.sourceConfig().applyToAllRegions()).isFalse();
        assertThat(channel.sourceConfig().advancedEventSelectors().get(0).fieldSelectors().get(0).equalsValue()).containsExactly("ActivityAuditLog");
        assertThat(channel.destinations()).containsExactly(destination(external));
        assertThat(east.listChannels(request -> { }).channels()).containsExactly(Channel.builder().channelArn(arn).name("my-app").build());
        assertThat(west.listChannels(request -> { }).channels()).as("channels are regional").isEmpty();

        var updated = east.updateChannel(request -> request.channel(arn).name("my-app-2").destinations(destination(external), destination(other)));
        assertThat(updated.name()).isEqualTo("my-app-2");
        assertThat(updated.destinations()).containsExactly(destination(external), destination(other));
        assertThat(east.getChannel(request -> request.channel(arn)).name()).isEqualTo("my-app-2");

        assertError(() -> east.createChannel(request -> request.name("partner").source("okta").destinations(destination(external))), "InvalidSourceException", "Custom");
        assertError(() -> east.createChannel(request -> request.name("my-app-2").source("Custom").destinations(destination(external))), "ChannelAlreadyExistsException",
                "my-app-2");
        assertError(() -> east.createChannel(request -> request.name("cloudtrail").source("Custom").destinations(destination(management))),
                "InvalidEventDataStoreCategoryException", "ActivityAuditLog");
        assertError(() -> east.createChannel(request -> request.name("everywhere").source("Custom").destinations(destination(everywhere))),
                "InvalidParameterException", "single-region");
        assertError(() -> east.createChannel(request -> request.name("service").source("Custom")
                .destinations(Destination.builder().type(DestinationType.AWS_SERVICE).location("config").build())), "InvalidParameterException", "AWS_SERVICE");
        assertError(() -> east.createChannel(request -> request.name("missing").source("Custom")
                .destinations(destination("arn:aws:cloudtrail:us-east-1:" + account + ":eventdatastore/00000000-0000-4000-8000-000000000000"))),
                "EventDataStoreNotFoundException", "00000000-0000-4000-8000-000000000000");
        assertError(() -> east.updateChannel(request -> request.channel(arn)), "InvalidParameterException", "Destinations");
        assertError(() -> east.getChannel(request -> request.channel("00000000-0000-4000-8000-000000000000")), "ChannelNotFoundException", "00000000");
        assertError(() -> east.getChannel(request -> request.channel("arn:aws:cloudtrail:us-east-1:" + account + ":trail/x")), "ChannelARNInvalidException", "trail/x");
        assertError(() -> west.getChannel(request -> request.channel(arn)), "ChannelNotFoundException", arn);

        // a channel's destination stays single-region, and is not deleted while the channel sends to it
        east.updateEventDataStore(request -> request.eventDataStore(external).terminationProtectionEnabled(false));
        assertError(() -> east.updateEventDataStore(request -> request.eventDataStore(external).multiRegionEnabled(true)), "InvalidParameterException", arn);
        assertError(() -> east.deleteEventDataStore(request -> request.eventDataStore(external)), "ChannelExistsForEDSException", arn);
        east.deleteChannel(request -> request.channel(arn));
        assertError(() -> east.getChannel(request -> request.channel(arn)), "ChannelNotFoundException", arn);
        east.deleteEventDataStore(request -> request.eventDataStore(external));
        assertError(() -> east.createChannel(request -> request.name("late").source("Custom").destinations(destination(external))), "InactiveEventDataStoreException",
                "pending deletion");
    }

    @Test
    public void resourcePolicies()
    {
        String account = server.accountId();
        String partner = server.createAccount().accountId();
        String store = east.createEventDataStore(request -> request.name("external").multiRegionEnabled(false).advancedEventSelectors(EXTERNAL_EVENTS))
                .eventDataStoreArn();
        String channel = east.createChannel(request -> request.name("partner-feed").source("Custom").destinations(destination(store))).channelArn();
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Partner\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + partner + "\"]},"
                + "\"Action\":\"cloudtrail-data:PutAuditEvents\",\"Resource\":\"" + channel + "\",\"Condition\":{\"StringEquals\":{\"cloudtrail:ExternalId\":\"ext-1\"}}}]}";

        assertError(() -> east.getResourcePolicy(request -> request.resourceArn(channel)), "ResourcePolicyNotFoundException", channel);
        var put = east.putResourcePolicy(request -> request.resourceArn(channel).resourcePolicy(policy));
        assertThat(put.resourceArn()).isEqualTo(channel);
        assertThat(put.resourcePolicy()).isEqualTo(policy);
        assertThat(east.getResourcePolicy(request -> request.resourceArn(channel)).resourcePolicy()).isEqualTo(policy);
        // what PutAuditEvents will ask
        var stored = server.server().cairn().lake();
        dev.cairn.core.lake.Channel asStored;
        try {
            asStored = stored.channel(account, channel.substring(channel.lastIndexOf('/') + 1)).orElseThrow();
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Principal partnerRoot = Principal.root(partner, "AKIAPARTNER", Optional.empty());
        assertThat(LakeResourcePolicies.mayPutAuditEvents(asStored, partnerRoot, Optional.of("ext-1"))).isTrue();
        assertThat(LakeResourcePolicies.mayPutAuditEvents(asStored, partnerRoot, Optional.empty())).isFalse();
        assertThat(LakeResourcePolicies.mayPutAuditEvents(asStored, Principal.root(account, "AKIAOWNER", Optional.empty()), Optional.empty())).isTrue();

        assertError(() -> east.putResourcePolicy(request -> request.resourceArn(channel).resourcePolicy(policy.replace("cloudtrail-data:PutAuditEvents", "cloudtrail:*"))),
                "ResourcePolicyNotValidException", "cloudtrail-data:PutAuditEvents");
        assertError(() -> east.putResourcePolicy(request -> request.resourceArn(channel).resourcePolicy("{")), "ResourcePolicyNotValidException", "not valid");
        assertError(() -> east.putResourcePolicy(request -> request.resourceArn("arn:aws:cloudtrail:us-east-1:" + account + ":dashboard/mine").resourcePolicy(policy)),
                "ResourceTypeNotSupportedException", "dashboard");
        assertError(() -> east.putResourcePolicy(request -> request.resourceArn("not-an-arn").resourcePolicy(policy)), "ResourceARNNotValidException", "not-an-arn");
        assertError(() -> east.getResourcePolicy(request -> request.resourceArn(channel.replace(account, partner))), "ResourceNotFoundException", partner);

        String storePolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + partner + "\"},"
                + "\"Action\":[\"cloudtrail:StartQuery\",\"cloudtrail:GetQueryResults\"],\"Resource\":\"" + store + "\"}]}";
        east.putResourcePolicy(request -> request.resourceArn(store).resourcePolicy(storePolicy));
        assertThat(east.getResourcePolicy(request -> request.resourceArn(store)).resourcePolicy()).isEqualTo(storePolicy);
        east.deleteResourcePolicy(request -> request.resourceArn(store));

        east.deleteResourcePolicy(request -> request.resourceArn(channel));
        assertError(() -> east.deleteResourcePolicy(request -> request.resourceArn(channel)), "ResourcePolicyNotFoundException", channel);
    }

    @Test
    public void tagsOfStoresAndChannels()
    {
        String store = east.createEventDataStore(request -> request.name("tagged").multiRegionEnabled(false).advancedEventSelectors(EXTERNAL_EVENTS)
                .tagsList(Tag.builder().key("a").value("1").build())).eventDataStoreArn();
        String channel = east.createChannel(request -> request.name("tagged").source("Custom").destinations(destination(store))).channelArn();
        east.addTags(request -> request.resourceId(store).tagsList(Tag.builder().key("b").value("2").build(), Tag.builder().key("a").value("3").build()));
        east.addTags(request -> request.resourceId(channel).tagsList(Tag.builder().key("c").build()));
        var listed = east.listTags(request -> request.resourceIdList(store, channel)).resourceTagList();
        assertThat(listed.get(0).resourceId()).isEqualTo(store);
        assertThat(listed.get(0).tagsList()).containsExactly(Tag.builder().key("a").value("3").build(), Tag.builder().key("b").value("2").build());
        assertThat(listed.get(1).tagsList()).containsExactly(Tag.builder().key("c").build());
        east.removeTags(request -> request.resourceId(store).tagsList(Tag.builder().key("a").build()));
        assertThat(east.listTags(request -> request.resourceIdList(store)).resourceTagList().get(0).tagsList()).extracting(Tag::key).containsExactly("b");
        assertError(() -> east.addTags(request -> request.resourceId(channel).tagsList(IntStream.range(0, 50).mapToObj(i -> Tag.builder().key("k" + i).build()).toList())),
                "TagsLimitExceededException", "50");
        assertError(() -> east.listTags(request -> request.resourceIdList(store.replace(store.substring(store.lastIndexOf('/') + 1), "00000000-0000-4000-8000-000000000000"))),
                "ResourceNotFoundException", "00000000");
        assertError(() -> east.addTags(request -> request.resourceId("arn:aws:cloudtrail:us-east-1:" + server.accountId() + ":dashboard/d").tagsList(Tag.builder().key("x").build())),
                "ResourceTypeNotSupportedException", "dashboard");
    }

    @Test
    public void callsAreRecordedLikeAnyOther()
    {
        String arn = east.createEventDataStore(request -> request.name("recorded").multiRegionEnabled(false)).eventDataStoreArn();
        assertThatThrownBy(() -> east.createEventDataStore(request -> request.name("recorded"))).isInstanceOf(CloudTrailException.class);
        var event = EventHistory.await(east, LookupAttributeKey.RESOURCE_NAME, arn, "the CreateEventDataStore of " + arn,
                candidate -> candidate.eventName().equals("CreateEventDataStore"), Duration.ofSeconds(10));
        JsonNode record = EventHistory.record(event);
        assertThat(record.path("eventSource").asText()).isEqualTo("cloudtrail.amazonaws.com");
        assertThat(record.path("requestParameters").path("name").asText()).isEqualTo("recorded");
        assertThat(record.path("responseElements").path("eventDataStoreArn").asText()).isEqualTo(arn);
        assertThat(event.resources()).anySatisfy(resource -> {
            assertThat(resource.resourceType()).isEqualTo("AWS::CloudTrail::EventDataStore");
            assertThat(resource.resourceName()).isEqualTo(arn);
        });
        EventHistory.await(east, LookupAttributeKey.EVENT_NAME, "CreateEventDataStore", "the failed CreateEventDataStore",
                candidate -> "EventDataStoreAlreadyExistsException".equals(EventHistory.record(candidate).path("errorCode").asText()), Duration.ofSeconds(10));
        east.getEventDataStore(request -> request.eventDataStore(arn));
        var read = EventHistory.await(east, LookupAttributeKey.EVENT_NAME, "GetEventDataStore", "a GetEventDataStore", candidate -> true, Duration.ofSeconds(10));
        assertThat(EventHistory.record(read).path("readOnly").asBoolean()).isTrue();
    }

    @Test
    public void theAwsCliCreatesAndLists()
            throws Exception
    {
        Optional<Path> cli = AwsCliJourneyIT.onPath("aws");
        if (cli.isEmpty()) {
            if ("1".equals(System.getenv(AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE))) {
                throw new AssertionError("The AWS CLI is required (" + AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE + "=1) but there is no aws on PATH");
            }
            Assumptions.abort("Skipping the AWS CLI part: no aws on PATH");
        }
        var environment = AwsCliJourneyIT.environment(directory, Optional.of(AwsCliJourneyIT.Credentials.ROOT));
        var created = AwsCliJourneyIT.run(List.of(cli.get().toString(), "--endpoint-url", server.endpoint().toString(), "--output", "json",
                "cloudtrail", "create-event-data-store", "--name", "from-the-cli", "--no-multi-region-enabled", "--retention-period", "30"), environment, directory);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String arn = created.json().path("EventDataStoreArn").asText();
        assertThat(created.json().path("Status").asText()).isEqualTo("ENABLED");
        assertThat(created.json().path("RetentionPeriod").asInt()).isEqualTo(30);
        var listed = AwsCliJourneyIT.run(List.of(cli.get().toString(), "--endpoint-url", server.endpoint().toString(), "--output", "json",
                "cloudtrail", "list-event-data-stores"), environment, directory);
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        List<String> arns = new ArrayList<>();
        listed.json().path("EventDataStores").forEach(store -> arns.add(store.path("EventDataStoreArn").asText()));
        assertThat(arns).containsExactly(arn);
    }

    private static Destination destination(String arn)
    {
        return Destination.builder().type(DestinationType.EVENT_DATA_STORE).location(arn).build();
    }

    private static void assertErrorMessage(Executable call, String code, String message)
    {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(CloudTrailException.class, error -> {
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo(code);
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(message);
                    assertThat(error.statusCode()).isEqualTo(400);
                });
    }

    private static void assertError(Executable call, String code, String messagePart)
    {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(CloudTrailException.class, error -> {
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo(code);
                    assertThat(error.awsErrorDetails().errorMessage()).contains(messagePart);
                    assertThat(error.statusCode()).isEqualTo(400);
                });
    }
}
