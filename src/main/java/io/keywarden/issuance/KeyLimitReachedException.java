package io.keywarden.issuance;

import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.platform.web.Refusal;
import java.util.List;

/**
 * A create or rotate refused because its user already holds as many keys as the upstream allows:
 * decided from keywarden's records before the upstream was called, or the upstream's own refusal
 * (keys made outside keywarden count there too). Nothing was created, and the attempt is settled,
 * so a retry with the same Idempotency-Key tries again once a slot is free. Answered with 409
 * {@code key-limit-reached} (compat: the upstream's own limit RetCode). Keywarden's own refusal is
 * audited {@code INVALID}; the upstream's was audited {@code REJECTED} with the attempt's end.
 */
public class KeyLimitReachedException extends RuntimeException implements Refusal {

    private final String userName;
    private final Integer limit;
    private final transient List<AccessKeyView> liveKeys;
    private final int retCode;
    private final Upstream upstream;

    /**
     * @param detail what happened and what to do, in words
     * @param userName the user at the limit
     * @param limit the limit keywarden knows, or {@code null} when it checks none
     * @param liveKeys the user's keys that are not deleted, as keywarden records them
     * @param retCode the RetCode the upstream refuses such a key with
     * @param upstream the upstream's refusal, or {@code null} when keywarden refused before calling
     */
    public KeyLimitReachedException(
            String detail,
            String userName,
            Integer limit,
            List<AccessKeyView> liveKeys,
            int retCode,
            Upstream upstream) {
        super(detail, null, false, false);
        this.userName = userName;
        this.limit = limit;
        this.liveKeys = List.copyOf(liveKeys);
        this.retCode = retCode;
        this.upstream = upstream;
    }

    public String userName() {
        return userName;
    }

    /** The limit keywarden knows, or {@code null} when it leaves the decision to the upstream. */
    public Integer limit() {
        return limit;
    }

    /** The user's live keys (ACTIVE, ROTATING, INACTIVE) in keywarden's records, oldest first. */
    public List<AccessKeyView> liveKeys() {
        return liveKeys;
    }

    /** The upstream's RetCode for this refusal, whether it answered it or keywarden refused first. */
    public int retCode() {
        return retCode;
    }

    /** The upstream's own refusal, or {@code null} when keywarden refused before calling it. */
    public Upstream upstream() {
        return upstream;
    }

    @Override
    public Kind refusal() {
        return upstream == null ? Kind.INVALID : null;
    }

    @Override
    public String refusedUserName() {
        return userName;
    }

    /**
     * The upstream's answer.
     *
     * @param message its {@code Message}
     * @param requestId its request id
     */
    public record Upstream(String message, String requestId) {}
}
