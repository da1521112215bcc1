package io.keywarden.platform.web;

/**
 * The groups of the OpenAPI description, named for what a caller wants to do rather than for the
 * classes that serve it, so that a caller looking for keys finds all of their operations together.
 */
public final class ApiTags {

    public static final String ACCESS_KEYS = "Access keys";
    public static final String COMPAT = "Compat";
    public static final String AUDIT = "Audit";
    public static final String JOBS = "Jobs";
    public static final String REVOCATIONS = "Incident response";

    private ApiTags() {}
}
