package io.remotemedia.pipeline;

/**
 * A limit and the value that went past it.
 *
 * @param limit the limit's name, for example {@code max_input_samples}
 * @param limitValue the configured limit, in the unit the name implies
 * @param actualValue what the request asked for or reached, in the same unit
 */
public record LimitViolation(String limit, long limitValue, long actualValue) {}
