package io.keywarden.sandbox;

/**
 * A simulated key's status as the upstream spells it on the wire. The sandbox keeps its own copy
 * rather than keywarden's client's: it stands for the upstream, and must not change when the
 * client does.
 */
public enum SandboxKeyStatus {
    ACTIVE("Active"),
    INACTIVE("Inactive");

    private final String wireName;

    SandboxKeyStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Reads the upstream's spelling, ignoring case; anything else is {@code null}. */
    public static SandboxKeyStatus fromWire(String value) {
        for (SandboxKeyStatus status : values()) {
            if (status.wireName.equalsIgnoreCase(value)) {
                return status;
            }
        }
        return null;
    }
}
