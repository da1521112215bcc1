package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A log written before the public chain keeps verifying after it: its HMAC events (version 1)
 * with the chain key, every later event (version 2) with plain SHA-256, the switch recorded in the
 * chain by the events' own version. Without the chain key the HMAC events are linked but not
 * rehashed, and the switch can only go forward.
 */
class ChainVersionsTests {

    private static final byte[] CHAIN_KEY = Base64.getDecoder().decode("YSKwZOlCbTUfniHvpEDG+WIsmCjyIYabfNgyJ+sufFA=");

    private final AuditChain keyed = AuditChain.of(CHAIN_KEY);

    @Test
    void hmacEventsThenPublicEventsVerifyAcrossTheSwitch() {
        List<StoredAuditEvent> log = chain(3, 3);

        AuditVerification result = walk(keyed, log);

        assertThat(result.intact()).isTrue();
        assertThat(result.eventsChecked()).isEqualTo(6);
        assertThat(result.headHash()).isEqualTo(log.get(5).hash());
    }

    @Test
    void withoutTheChainKeyTheHmacEventsAreLinkedButNotRehashed() {
        List<StoredAuditEvent> log = chain(3, 3);
        ChainWalk walk = new ChainWalk(AuditChain.of(null).hasher());

        log.forEach(walk::accept);

        assertThat(walk.result().intact()).isTrue();
        assertThat(walk.unchecked()).isEqualTo(3);
    }

    @Test
    void anHmacEventChangedAfterTheSwitchIsStillFoundWithTheKey() {
        List<StoredAuditEvent> log = chain(3, 3);
        StoredAuditEvent second = log.get(1);
        log.set(
                1,
                new StoredAuditEvent(
                        second.id(),
                        second.occurredAt(),
                        "someone-else",
                        second.action(),
                        second.outcome(),
                        second.userName(),
                        second.accessKeyId(),
                        second.upstreamRetCode(),
                        second.upstreamRequestId(),
                        second.idempotencyKey(),
                        second.requestId(),
                        second.clientAddress(),
                        second.detail(),
                        second.tokenSubject(),
                        second.tokenId(),
                        second.previousHash(),
                        second.hash(),
                        second.chainVersion(),
                        second.keyId()));

        AuditVerification result = walk(keyed, log);

        assertThat(result.firstBrokenEventId()).isEqualTo(2);
        assertThat(result.reason()).isEqualTo(AuditVerification.HASH_MISMATCH);
    }

    @Test
    void anHmacEventAfterThePublicOnesIsAChainVersionGoingBack() {
        List<StoredAuditEvent> log = chain(0, 2);
        StoredAuditEvent last = log.get(1);
        StoredAuditEvent back = event(3, last.hash(), AuditChain.HMAC);
        log.add(back.withHash(keyed.hash(last.hash(), back)));

        AuditVerification result = walk(keyed, log);

        assertThat(result.firstBrokenEventId()).isEqualTo(3);
        assertThat(result.reason()).isEqualTo(AuditVerification.VERSION_BACK);
    }

    private static AuditVerification walk(AuditChain chain, List<StoredAuditEvent> log) {
        ChainWalk walk = new ChainWalk(chain.hasher());
        for (StoredAuditEvent event : log) {
            if (!walk.accept(event)) {
                break;
            }
        }
        return walk.result();
    }

    private List<StoredAuditEvent> chain(int hmacEvents, int publicEvents) {
        List<StoredAuditEvent> log = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (int i = 1; i <= hmacEvents + publicEvents; i++) {
            StoredAuditEvent event = event(i, previous, i <= hmacEvents ? AuditChain.HMAC : AuditChain.SHA256);
            event = event.withHash(keyed.hash(previous, event));
            log.add(event);
            previous = event.hash();
        }
        return log;
    }

    private static StoredAuditEvent event(long id, String previous, int version) {
        return new StoredAuditEvent(
                id,
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id),
                "actor",
                "CREATE_ACCESS_KEY",
                "SUCCEEDED",
                "team-a",
                "4E9UU0VhqsOd6DXIMzWuhbAiOgVrwPLMzxnVTj0vVCY=",
                0,
                "req-" + id,
                null,
                null,
                null,
                null,
                null,
                null,
                previous,
                null,
                version,
                version == AuditChain.HMAC ? AuditChain.CHAIN_KEY_ID : "0123456789abcdef");
    }
}
