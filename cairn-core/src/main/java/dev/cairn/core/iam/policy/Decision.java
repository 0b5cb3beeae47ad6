package dev.cairn.core.iam.policy;

/**
 * The outcome of evaluating identity policies for one request, as IAM decides it.
 */
public enum Decision
{
    /** An applying statement allows the request and none denies it. */
    ALLOW,
    /** An applying statement denies the request; this wins over any allow. */
    EXPLICIT_DENY,
    /** No applying statement: the default deny. */
    IMPLICIT_DENY
}
