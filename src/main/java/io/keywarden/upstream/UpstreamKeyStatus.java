package io.keywarden.upstream;

/** A key's status as the upstream spells it on the wire. */
public enum UpstreamKeyStatus {
    ACTIVE("Active"),
    INACTIVE("Inactive");

    private final String wireName;

    UpstreamKeyStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Reads the upstream's spelling, ignoring case; anything else is {@code null}. */
    public static UpstreamKeyStatus fromWire(String value) {
        for (UpstreamKeyStatus status : values()) {
            if (status.wireName.equalsIgnoreCase(value)) {
                return status;
            }
        }
        return null;
    }
}
