package dev.cairn.spi;

import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import dev.cairn.model.LookupAttribute;
import dev.cairn.model.LookupResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link EventHistory}. Every store implementation extends this suite unchanged.
 */
public abstract class AbstractEventHistoryTest
{
    private static final String ACCOUNT = "111111111111";
    private static final String OTHER_ACCOUNT = "222222222222";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    protected Store store;
    private EventHistory history;
    private long nextPosition = 1;

    protected abstract Store createStore()
            throws IOException;

    @BeforeEach
    public void setUpHistory()
            throws IOException
    {
        store = createStore();
        history = store.history();
    }

    @AfterEach
    public void tearDownHistory()
            throws IOException
    {
        store.close();
    }

    private JournalEntry entry(EventRecord event)
    {
        return new JournalEntry(nextPosition++, event);
    }

    private static HistoryQuery query(List<HistoryQuery.Filter> filters, int limit, Optional<HistoryQuery.Cursor> after)
    {
        return new HistoryQuery(ACCOUNT, "us-east-1", EventCategory.MANAGEMENT, filters, T0.minus(Duration.ofDays(10)), T0.plus(Duration.ofDays(10)), limit, after);
    }

    private static HistoryQuery.Filter filter(LookupAttribute attribute, String value)
    {
        return new HistoryQuery.Filter(attribute, value);
    }

    @Test
    public void newestFirstAndScopedToAccountRegionAndCategory()
            throws IOException
    {
        List<JournalEntry> entries = new ArrayList<>();
        entries.add(entry(TestEvents.event(ACCOUNT, "us-east-1", T0, "CreateUser", "alice")));
        entries.add(entry(TestEvents.event(ACCOUNT, "us-east-1", T0.plusSeconds(5), "GetUser", "bob")));
        entries.add(entry(TestEvents.event(ACCOUNT, "us-west-2", T0.plusSeconds(6), "GetUser", "bob")));
        entries.add(entry(TestEvents.event(OTHER_ACCOUNT, "us-east-1", T0.plusSeconds(7), "GetUser", "bob")));
        // same second as the first: position breaks the tie
        entries.add(entry(TestEvents.event(ACCOUNT, "us-east-1", T0, "DeleteUser", "alice")));
        history.index(entries);

        HistoryPage page = history.lookup(query(List.of(), 50, Optional.empty()));
        assertThat(page.more()).isFalse();
        assertThat(page.events()).extracting(entry -> entry.event().eventName()).containsExactly("GetUser", "DeleteUser", "CreateUser");
        assertThat(page.events().get(0).event()).isEqualTo(entries.get(1).event());

        HistoryQuery insights = new HistoryQuery(ACCOUNT, "us-east-1", EventCategory.INSIGHT, List.of(), T0.minusSeconds(60), T0.plusSeconds(60), 50, Optional.empty());
        assertThat(history.lookup(insights).events()).isEmpty();
    }

    @Test
    public void dataEventsAreFiledWithManagementEvents()
            throws IOException
    {
        EventRecord management = TestEvents.event(ACCOUNT, "us-east-1", T0, "CreateUser", "alice");
        EventRecord data = TestEvents.dataEvent(ACCOUNT, "us-east-1", T0.plusSeconds(1), "GetObject", "alice", "photos", "2026/cat.jpg");
        history.index(List.of(entry(management), entry(data)));

        HistoryPage page = history.lookup(query(List.of(), 50, Optional.empty()));
        assertThat(page.events()).extracting(JournalEntry::event).containsExactly(data, management);
        assertThat(page.events().get(0).event().category()).isEqualTo(EventCategory.DATA);
        assertThat(names(LookupAttribute.EVENT_ID, data.eventId())).containsExactly("GetObject");
        assertThat(names(LookupAttribute.EVENT_SOURCE, "s3.amazonaws.com")).containsExactly("GetObject");
        assertThat(names(LookupAttribute.RESOURCE_NAME, "2026/cat.jpg")).containsExactly("GetObject");
        assertThat(names(LookupAttribute.USERNAME, "alice")).containsExactly("GetObject", "CreateUser");
        assertThat(history.histogram(query(List.of(), 50, Optional.empty()), 86_400)).contains(2L);

        HistoryQuery insights = new HistoryQuery(ACCOUNT, "us-east-1", EventCategory.INSIGHT, List.of(), T0.minusSeconds(60), T0.plusSeconds(60), 50, Optional.empty());
        assertThat(history.lookup(insights).events()).isEmpty();
        assertThatThrownBy(() -> new HistoryQuery(ACCOUNT, "us-east-1", EventCategory.DATA, List.of(), T0, T0, 50, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Events from outside AWS (PutAuditEvents', for CloudTrail Lake) are never indexed, whoever hands them over. */
    @Test
    public void eventsFromOutsideAwsAreSkipped()
            throws IOException
    {
        EventRecord management = TestEvents.event(ACCOUNT, "us-east-1", T0, "CreateUser", "alice");
        String json = "{\"eventCategory\":\"ActivityAuditLog\",\"eventType\":\"ActivityLog\",\"eventData\":{\"eventName\":\"Login\"}}";
        EventRecord external = new EventRecord("us-east-1", ACCOUNT, T0.plusSeconds(1), "5d5c8b1c-5d17-4c44-9a4a-0f4a5f0a6b7c", "Login", "my-app", false,
                Optional.empty(), Optional.empty(), EventCategory.ACTIVITY_AUDIT_LOG, List.of(), json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        history.index(List.of(entry(management), entry(external)));

        assertThat(history.lookup(query(List.of(), 50, Optional.empty())).events()).extracting(JournalEntry::event).containsExactly(management);
        assertThat(names(LookupAttribute.EVENT_ID, external.eventId())).isEmpty();
        assertThat(names(LookupAttribute.EVENT_NAME, "Login")).isEmpty();
        assertThat(history.histogram(query(List.of(), 50, Optional.empty()), 86_400)).contains(1L).doesNotContain(2L);
        assertThat(HistoryKeys.inHistory(EventCategory.ACTIVITY_AUDIT_LOG)).isFalse();
        assertThat(HistoryKeys.matches(query(List.of(), 50, Optional.empty()), external)).isFalse();
    }

    @Test
    public void everyAttributeFilters()
            throws IOException
    {
        EventRecord create = TestEvents.event(ACCOUNT, "us-east-1", T0, "CreateUser", "alice", List.of(new LookupResource("AWS::IAM::User", "carol")));
        EventRecord key = TestEvents.event(ACCOUNT, "us-east-1", T0.plusSeconds(1), "CreateAccessKey", "bob",
                List.of(new LookupResource("AWS::IAM::AccessKey", "AKIAEXAMPLE"), new LookupResource("AWS::IAM::User", "dave")));
        EventRecord read = TestEvents.event(ACCOUNT, "us-east-1", T0.plusSeconds(2), "GetCallerIdentity", "alice");
        history.index(List.of(entry(create), entry(key), entry(read)));

        assertThat(names(LookupAttribute.EVENT_ID, key.eventId())).containsExactly("CreateAccessKey");
        assertThat(names(LookupAttribute.EVENT_NAME, "CreateUser")).containsExactly("CreateUser");
        assertThat(names(LookupAttribute.READ_ONLY, "true")).containsExactly("GetCallerIdentity");
        assertThat(names(LookupAttribute.READ_ONLY, "FALSE")).containsExactly("CreateAccessKey", "CreateUser");
        assertThat(names(LookupAttribute.USERNAME, "alice")).containsExactly("GetCallerIdentity", "CreateUser");
        assertThat(names(LookupAttribute.USERNAME, "Alice")).isEmpty();
        assertThat(names(LookupAttribute.RESOURCE_TYPE, "AWS::IAM::User")).containsExactly("CreateAccessKey", "CreateUser");
        assertThat(names(LookupAttribute.RESOURCE_NAME, "dave")).containsExactly("CreateAccessKey");
        assertThat(names(LookupAttribute.EVENT_SOURCE, "sts.amazonaws.com")).containsExactly("GetCallerIdentity");
        assertThat(names(LookupAttribute.ACCESS_KEY_ID, "AKIABOB")).containsExactly("CreateAccessKey");
        assertThat(names(LookupAttribute.EVENT_NAME, "NoSuchEvent")).isEmpty();
    }

    @Test
    public void errorCodeFilters()
            throws IOException
    {
        history.index(List.of(
                entry(TestEvents.event(ACCOUNT, "us-east-1", T0, "CreateUser", "alice")),
                entry(TestEvents.failed(ACCOUNT, "us-east-1", T0.plusSeconds(1), "CreateTrail", "bob", "AccessDenied")),
                entry(TestEvents.failed(ACCOUNT, "us-east-1", T0.plusSeconds(2), "GetUser", "bob", "NoSuchEntity"))));

        assertThat(names(LookupAttribute.ERROR_CODE, LookupAttribute.ANY_ERROR)).containsExactly("GetUser", "CreateTrail");
        assertThat(names(LookupAttribute.ERROR_CODE, "AccessDenied")).containsExactly("CreateTrail");
        // a request member named errorCode is not the record's
        assertThat(names(LookupAttribute.ERROR_CODE, "NotTheError")).isEmpty();
        assertThat(names(LookupAttribute.ERROR_CODE, "NorThis")).isEmpty();
    }

    @Test
    public void histogramCountsMatchingEventsPerBucket()
            throws IOException
    {
        List<JournalEntry> entries = new ArrayList<>();
        // 300 events, one a minute from T0, across midnight of the next day
        Instant start = Instant.parse("2026-11-20T22:00:00Z");
        for (int i = 0; i < 300; i++) {
            entries.add(entry(TestEvents.event(ACCOUNT, "us-east-1", start.plusSeconds(60L * i), i % 3 == 0 ? "CreateUser" : "GetUser", i % 2 == 0 ? "alice" : "bob")));
        }
        entries.add(entry(TestEvents.event(OTHER_ACCOUNT, "us-east-1", start, "CreateUser", "alice")));
        entries.add(entry(TestEvents.event(ACCOUNT, "us-west-2", start, "CreateUser", "alice")));
        history.index(entries);

        HistoryQuery all = new HistoryQuery(ACCOUNT, "us-east-1", EventCategory.MANAGEMENT, List.of(), start, start.plusSeconds(60L * 299), 1, Optional.empty());
        long[] hourly = history.histogram(all, 3_600);
        assertThat(hourly).containsExactly(60, 60, 60, 60, 60);

        HistoryQuery anded = new HistoryQuery(ACCOUNT, "us-east-1", EventCategory.MANAGEMENT,
                List.of(filter(LookupAttribute.USERNAME, "alice"), filter(LookupAttribute.EVENT_NAME, "CreateUser")), start, start.plusSeconds(60L * 299), 1, Optional.empty());
        // i divisible by 6: 10 an hour
        assertThat(history.histogram(anded, 3_600)).containsExactly(10, 10, 10, 10, 10);

        // the range bounds are inclusive and cut buckets short
        HistoryQuery middle = new HistoryQuery(ACCOUNT, "us-east-1", EventCategory.MANAGEMENT, List.of(), start.plusSeconds(90 * 60), start.plusSeconds(150 * 60), 1, Optional.empty());
        assertThat(history.histogram(middle, 3_600)).containsExactly(60, 1);

        HistoryQuery byId = new HistoryQuery(ACCOUNT, "us-east-1", EventCategory.MANAGEMENT, List.of(filter(LookupAttribute.EVENT_ID, entries.get(61).event().eventId())),
                start, start.plusSeconds(60L * 299), 1, Optional.empty());
        assertThat(history.histogram(byId, 3_600)).containsExactly(0, 1, 0, 0, 0);
    }

    private List<String> names(LookupAttribute attribute, String value)
            throws IOException
    {
        return history.lookup(query(List.of(filter(attribute, value)), 50, Optional.empty())).events().stream()
                .map(entry -> entry.event().eventName())
                .toList();
    }

    @Test
    public void severalFiltersAreAnded()
            throws IOException
    {
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            entries.add(entry(TestEvents.event(ACCOUNT, "us-east-1", T0.plusSeconds(i), i % 3 == 0 ? "CreateUser" : "GetUser", i % 5 == 0 ? "alice" : "bob")));
        }
        history.index(entries);
        HistoryPage page = history.lookup(query(List.of(filter(LookupAttribute.USERNAME, "alice"), filter(LookupAttribute.EVENT_NAME, "CreateUser")), 50, Optional.empty()));
        assertThat(page.events()).hasSize(20).allSatisfy(entry -> {
            assertThat(entry.event().eventName()).isEqualTo("CreateUser");
            assertThat(entry.event().username()).contains("alice");
        });
        assertThat(page.more()).isFalse();
    }

    /**
     * Filters ANDed over several days, dense and rare combinations (and one rare key alone), paged with small and
     * large pages: every page holds exactly what a scan of all events would, in the same order (stores may plan such
     * lookups differently by how frequent each key is).
     */
    @Test
    public void severalFiltersPageAcrossDaysExactlyAsAScanWould()
            throws IOException
    {
        List<JournalEntry> entries = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int i = 0; i < 6_000; i++) {
            // four days, three events a second; bob and GetUser are frequent, carol and DeleteUser rare, dave rarer
            // still and deleting half the time
            int draw = random.nextInt(1_000);
            String user = draw < 700 ? "bob" : draw < 967 ? "alice" : draw < 997 ? "carol" : "dave";
            int name = random.nextInt(100);
            String eventName = user.equals("dave") && random.nextBoolean() ? "DeleteUser" : name < 70 ? "GetUser" : name < 96 ? "CreateUser" : "DeleteUser";
            entries.add(entry(TestEvents.event(ACCOUNT, "us-east-1", T0.plusSeconds(i / 3 * 150L), eventName, user)));
        }
        history.index(entries);
        String carolsEventId = entries.stream().filter(entry -> entry.event().username().equals(Optional.of("carol"))).skip(5).findFirst().orElseThrow().event().eventId();
        String bobsEventId = entries.stream().filter(entry -> entry.event().eventName().equals("GetUser")).skip(100).findFirst().orElseThrow().event().eventId();
        List<List<HistoryQuery.Filter>> queries = List.of(
                List.of(filter(LookupAttribute.USERNAME, "bob"), filter(LookupAttribute.EVENT_NAME, "GetUser")),
                List.of(filter(LookupAttribute.USERNAME, "carol"), filter(LookupAttribute.EVENT_NAME, "DeleteUser")),
                List.of(filter(LookupAttribute.USERNAME, "alice"), filter(LookupAttribute.EVENT_NAME, "CreateUser"), filter(LookupAttribute.READ_ONLY, "false")),
                List.of(filter(LookupAttribute.EVENT_NAME, "DeleteUser"), filter(LookupAttribute.USERNAME, "bob")),
                List.of(filter(LookupAttribute.USERNAME, "dave"), filter(LookupAttribute.EVENT_NAME, "DeleteUser"), filter(LookupAttribute.READ_ONLY, "false")),
                List.of(filter(LookupAttribute.USERNAME, "dave")),
                List.of(filter(LookupAttribute.USERNAME, "carol"), filter(LookupAttribute.EVENT_ID, carolsEventId)),
                List.of(filter(LookupAttribute.EVENT_ID, bobsEventId), filter(LookupAttribute.READ_ONLY, "true")));
        for (List<HistoryQuery.Filter> filters : queries) {
            List<Long> expected = entries.stream()
                    .filter(entry -> filters.stream().allMatch(filter -> filter.attribute().matches(entry.event(), filter.value())))
                    .sorted(java.util.Comparator.comparing((JournalEntry entry) -> entry.event().eventTime()).thenComparingLong(JournalEntry::position).reversed())
                    .map(JournalEntry::position)
                    .toList();
            assertThat(expected).as("%s", filters).isNotEmpty();
            for (int limit : List.of(1, 7, 50)) {
                List<Long> paged = new ArrayList<>();
                Optional<HistoryQuery.Cursor> cursor = Optional.empty();
                boolean more = true;
                // the first 300 results (a page of one at a time through thousands would only be slow)
                while (more && paged.size() < 300) {
                    HistoryPage page = history.lookup(query(filters, limit, cursor));
                    assertThat(page.events().size()).isLessThanOrEqualTo(limit);
                    page.events().forEach(entry -> paged.add(entry.position()));
                    more = page.more();
                    if (more) {
                        JournalEntry last = page.events().get(page.events().size() - 1);
                        cursor = Optional.of(new HistoryQuery.Cursor(last.event().eventTime(), last.position()));
                    }
                }
                assertThat(paged).as("%s, pages of %d", filters, limit).isEqualTo(more ? expected.subList(0, paged.size()) : expected);
            }
        }
    }

    @Test
    public void pagesWithoutRepeatsOrGaps()
            throws IOException
    {
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < 110; i++) {
            // several events share each second
            entries.add(entry(TestEvents.event(ACCOUNT, "us-east-1", T0.plusSeconds(i / 4), "GetUser", "alice")));
        }
        history.index(entries);
        Set<Long> seen = new HashSet<>();
        List<Long> order = new ArrayList<>();
        Optional<HistoryQuery.Cursor> cursor = Optional.empty();
        int pages = 0;
        while (true) {
            HistoryPage page = history.lookup(query(List.of(filter(LookupAttribute.USERNAME, "alice")), 50, cursor));
            pages++;
            for (JournalEntry entry : page.events()) {
                assertThat(seen.add(entry.position())).isTrue();
                order.add(entry.position());
            }
            if (!page.more()) {
                break;
            }
            JournalEntry last = page.events().get(page.events().size() - 1);
            cursor = Optional.of(new HistoryQuery.Cursor(last.event().eventTime(), last.position()));
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(110);
        List<Long> expected = entries.stream().map(JournalEntry::position).sorted((a, b) -> Long.compare(b, a)).toList();
        assertThat(order).isEqualTo(expected);
    }

    @Test
    public void timeRangeIsInclusiveAndSpansDays()
            throws IOException
    {
        List<JournalEntry> entries = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            entries.add(entry(TestEvents.event(ACCOUNT, "us-east-1", T0.plus(Duration.ofDays(day)), "Day" + day, "alice")));
        }
        history.index(entries);
        HistoryQuery range = new HistoryQuery(ACCOUNT, "us-east-1", EventCategory.MANAGEMENT, List.of(), T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3)), 50, Optional.empty());
        assertThat(history.lookup(range).events()).extracting(entry -> entry.event().eventName()).containsExactly("Day3", "Day2", "Day1");
        HistoryQuery paged = new HistoryQuery(ACCOUNT, "us-east-1", EventCategory.MANAGEMENT, List.of(), T0, T0.plus(Duration.ofDays(4)), 2, Optional.empty());
        HistoryPage first = history.lookup(paged);
        assertThat(first.events()).extracting(entry -> entry.event().eventName()).containsExactly("Day4", "Day3");
        assertThat(first.more()).isTrue();
        JournalEntry last = first.events().get(1);
        HistoryPage second = history.lookup(new HistoryQuery(ACCOUNT, "us-east-1", EventCategory.MANAGEMENT, List.of(), T0, T0.plus(Duration.ofDays(4)), 2,
                Optional.of(new HistoryQuery.Cursor(last.event().eventTime(), last.position()))));
        assertThat(second.events()).extracting(entry -> entry.event().eventName()).containsExactly("Day2", "Day1");
    }

    @Test
    public void indexingTwiceChangesNothing()
            throws IOException
    {
        List<JournalEntry> entries = List.of(entry(TestEvents.event(ACCOUNT, "us-east-1", T0, "CreateUser", "alice")),
                entry(TestEvents.event(ACCOUNT, "us-east-1", T0.plusSeconds(1), "GetUser", "alice")));
        history.index(entries);
        history.index(entries);
        history.index(entries.subList(1, 2));
        assertThat(history.lookup(query(List.of(), 50, Optional.empty())).events()).hasSize(2);
    }

    @Test
    public void purgeRemovesOnlyOlderEvents()
            throws IOException
    {
        List<JournalEntry> entries = new ArrayList<>();
        for (int hour = 0; hour < 72; hour += 6) {
            entries.add(entry(TestEvents.event(ACCOUNT, "us-east-1", T0.plus(Duration.ofHours(hour)), "H" + hour, "alice")));
        }
        history.index(entries);
        Instant cutoff = T0.plus(Duration.ofHours(30));
        history.purgeBefore(cutoff);
        List<String> left = history.lookup(query(List.of(), 50, Optional.empty())).events().stream().map(entry -> entry.event().eventName()).toList();
        assertThat(left).containsExactly("H66", "H60", "H54", "H48", "H42", "H36", "H30");
        // indexing continues normally after a purge
        history.index(List.of(entry(TestEvents.event(ACCOUNT, "us-east-1", T0.plus(Duration.ofHours(80)), "After", "alice"))));
        assertThat(history.lookup(query(List.of(), 1, Optional.empty())).events()).extracting(entry -> entry.event().eventName()).containsExactly("After");
    }
}
