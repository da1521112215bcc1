package io.keywarden.sandbox;

import java.util.Map;

/**
 * What the sandbox has seen, for benchmarks and for people watching it: counts only, never a key.
 *
 * @param calls requests received per Action ({@code ""} for requests without one)
 * @param keysPerUser keys held per user name
 */
public record SandboxStats(Map<String, Long> calls, Map<String, Integer> keysPerUser) {}
