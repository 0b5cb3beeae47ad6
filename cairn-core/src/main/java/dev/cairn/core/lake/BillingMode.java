package dev.cairn.core.lake;

import java.util.Optional;

/**
 * An event data store's pricing option, which sets its default and longest retention (in days). Cairn charges
 * nothing; the option is kept for the retention rules and reported as AWS reports it.
 */
public enum BillingMode
{
    /** The default: one year included, extendable to ten. */
    EXTENDABLE_RETENTION_PRICING(366, 3653),
    /** Seven years, fixed. */
    FIXED_RETENTION_PRICING(2557, 2557);

    public static final int MINIMUM_RETENTION_DAYS = 7;

    private final int defaultRetentionDays;
    private final int maximumRetentionDays;

    BillingMode(int defaultRetentionDays, int maximumRetentionDays)
    {
        this.defaultRetentionDays = defaultRetentionDays;
        this.maximumRetentionDays = maximumRetentionDays;
    }

    public int defaultRetentionDays()
    {
        return defaultRetentionDays;
    }

    public int maximumRetentionDays()
    {
        return maximumRetentionDays;
    }

    public static Optional<BillingMode> of(String name)
    {
        for (BillingMode mode : values()) {
            if (mode.name().equals(name)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
