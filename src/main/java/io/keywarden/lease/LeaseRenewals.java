package io.keywarden.lease;

import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.identity.Caller;
import java.time.Duration;
import java.time.Instant;

/**
 * Renewing a key's lease, the one way every surface (the API, the console) does it, so the same
 * bounds, refusals and audit apply whichever a caller uses: the key then expires {@code ttl} from
 * now (by default the length it was granted), never past the lower of its creator's and the
 * renewer's maximum from creation, and never earlier than it expires already. Who may renew
 * (ISSUER in its scope, ADMIN) is the surface's route rule; the scope is applied here.
 */
public interface LeaseRenewals {

    /**
     * Renews the key's lease, audited {@code RENEW_ACCESS_KEY}.
     *
     * @param ttl the new lease from now, or {@code null} for the length the key was granted
     * @return the key with its new expiry, or with its unchanged one when it already expired later
     * @throws io.keywarden.accesskey.AccessKeyNotFoundException when the key is unknown or outside the caller's scope
     * @throws io.keywarden.accesskey.KeyNotRenewableException when the key is not ACTIVE, has no lease, or its lease ended
     * @throws io.keywarden.accesskey.LeaseTooLongException when the renewal would end past the maximum
     * @throws io.keywarden.platform.web.InvalidInputException when the ttl is not positive
     */
    AccessKeyView renew(Caller caller, String accessKeyId, Duration ttl);

    /**
     * What {@link #renew} would do if asked now, changing nothing and auditing nothing: for a person
     * to see the new expiry before they renew. It refuses exactly what the renewal would.
     *
     * @throws io.keywarden.accesskey.AccessKeyNotFoundException when the key is unknown or outside the caller's scope
     * @throws io.keywarden.accesskey.KeyNotRenewableException when the key is not ACTIVE, has no lease, or its lease ended
     * @throws io.keywarden.accesskey.LeaseTooLongException when the renewal would end past the maximum
     * @throws io.keywarden.platform.web.InvalidInputException when the ttl is not positive
     */
    Preview preview(Caller caller, String accessKeyId, Duration ttl);

    /**
     * A renewal worked out but not made.
     *
     * @param key the key as it is now, with its present expiry
     * @param expiresAt when it would expire once renewed now
     * @param extended {@code false} when it already expires later than asked, and would keep its expiry
     */
    record Preview(AccessKeyView key, Instant expiresAt, boolean extended) {}
}
