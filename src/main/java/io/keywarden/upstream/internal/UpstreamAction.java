package io.keywarden.upstream.internal;

/**
 * The upstream actions keywarden calls, and whether each is safe to send twice. That one fact
 * decides how an answer that never came is read: a repeated List, Update or Delete does no harm,
 * a repeated Create can mint a second key that nobody holds.
 */
public enum UpstreamAction {
    CREATE_ACCESS_KEY("CreateAccessKey", false),
    LIST_ACCESS_KEYS("ListAccessKeys", true),
    UPDATE_ACCESS_KEY("UpdateAccessKey", true),
    DELETE_ACCESS_KEY("DeleteAccessKey", true);

    private final String wireName;
    private final boolean safeToRepeat;

    UpstreamAction(String wireName, boolean safeToRepeat) {
        this.wireName = wireName;
        this.safeToRepeat = safeToRepeat;
    }

    public String wireName() {
        return wireName;
    }

    public boolean safeToRepeat() {
        return safeToRepeat;
    }
}
