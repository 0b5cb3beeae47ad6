package dev.cairn.core.logs;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.iam.Account;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.spi.Store;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Enforces log groups' retention policies: deletes the events older than a group's {@code retentionInDays}, in slices
 * each its own short transaction off the journal writer's path. CloudWatch Logs deletes expired events within days;
 * Cairn within an hour (the loop's interval), or sooner while a pass leaves work.
 */
public final class LogRetention
{
    /** Events one transaction deletes. */
    static final int SLICE = 2_000;
    /** Events one pass deletes at most, so that other loops and a stopping node are not kept waiting. */
    static final int PASS = 100_000;

    private final Store store;
    private final Clock clock;
    private final List<String> regions;

    public LogRetention(Store store, Clock clock, List<String> regions)
    {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.regions = List.copyOf(regions);
    }

    /** One pass over every log group with a retention policy; returns whether expired events are left. */
    public boolean runOnce()
            throws IOException
    {
        long now = clock.millis();
        int deleted = 0;
        for (LogGroup group : groupsWithRetention()) {
            long before = now - Duration.ofDays(group.retentionInDays().orElseThrow()).toMillis();
            int slice;
            do {
                slice = store.logEvents().expire(group.eventsKey(), before, SLICE);
                deleted += slice;
                if (deleted >= PASS) {
                    return true;
                }
            }
            while (slice == SLICE);
        }
        return false;
    }

    private List<LogGroup> groupsWithRetention()
            throws IOException
    {
        return store.read(reader -> {
            LogGroupRepository groups = new LogGroupRepository(reader);
            List<LogGroup> found = new ArrayList<>();
            for (Account account : new IdentityRepository(reader).accounts()) {
                for (String region : regions) {
                    String after = "";
                    List<LogGroup> page;
                    do {
                        page = groups.groups(account.accountId(), region, "", after, 1_000);
                        page.stream().filter(group -> group.retentionInDays().isPresent()).forEach(found::add);
                        after = page.isEmpty() ? after : page.get(page.size() - 1).name();
                    }
                    while (page.size() == 1_000);
                }
            }
            return found;
        });
    }
}
