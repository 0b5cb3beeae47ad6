package dev.cairn.core;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.delivery.DeliveryConfig;
import dev.cairn.core.history.HistoryConfig;
import dev.cairn.core.journal.JournalConfig;
import dev.cairn.core.trail.TrailConfig;

import java.util.List;

/**
 * What the core needs to know about its deployment: the regions it serves, and each component's own config, which
 * holds that component's defaults.
 *
 * @param regions the regions this Cairn serves; requests signed for others are rejected
 */
public record CairnConfig(List<String> regions, JournalConfig journal, HistoryConfig history, TrailConfig trails, DeliveryConfig delivery)
{
    public static final List<String> DEFAULT_REGIONS = List.of("us-east-1");

    public CairnConfig
    {
        regions = List.copyOf(regions);
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("at least one region is required");
        }
        requireNonNull(journal, "journal is null");
        requireNonNull(history, "history is null");
        requireNonNull(trails, "trails is null");
        requireNonNull(delivery, "delivery is null");
    }

    /** Every component with its defaults. */
    public static CairnConfig defaults(List<String> regions)
    {
        return new CairnConfig(regions, JournalConfig.defaults(), HistoryConfig.defaults(), TrailConfig.defaults(), DeliveryConfig.defaults());
    }

    public CairnConfig withHistory(HistoryConfig newHistory)
    {
        return new CairnConfig(regions, journal, newHistory, trails, delivery);
    }

    public CairnConfig withTrails(TrailConfig newTrails)
    {
        return new CairnConfig(regions, journal, history, newTrails, delivery);
    }

    public CairnConfig withDelivery(DeliveryConfig newDelivery)
    {
        return new CairnConfig(regions, journal, history, trails, newDelivery);
    }

    public CairnConfig withJournal(JournalConfig newJournal)
    {
        return new CairnConfig(regions, newJournal, history, trails, delivery);
    }
}
