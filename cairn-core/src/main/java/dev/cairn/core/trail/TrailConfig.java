package dev.cairn.core.trail;

/**
 * Rules for trails ({@code trails.*}).
 *
 * @param trailsPerRegion the most trails (own and shadow) an account may have in a region ({@code --trails-per-region})
 * @param checkBucketPolicy whether CreateTrail and UpdateTrail require the bucket's policy to let CloudTrail write, as
 *         AWS does ({@code --skip-bucket-policy-check} turns it off)
 */
public record TrailConfig(int trailsPerRegion, boolean checkBucketPolicy)
{
    /** CloudTrail's limit. */
    public static final int DEFAULT_TRAILS_PER_REGION = 5;

    public TrailConfig
    {
        if (trailsPerRegion < 1) {
            throw new IllegalArgumentException("trails per region must be at least 1, not " + trailsPerRegion);
        }
    }

    public static TrailConfig defaults()
    {
        return new TrailConfig(DEFAULT_TRAILS_PER_REGION, true);
    }
}
