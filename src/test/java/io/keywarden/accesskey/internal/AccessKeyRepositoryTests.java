package io.keywarden.accesskey.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.NewAccessKey;
import io.keywarden.support.PostgresContainerConfiguration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;

@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(PostgresContainerConfiguration.class)
class AccessKeyRepositoryTests {

    private static final Instant CREATED = Instant.parse("2026-11-01T10:15:30Z");

    @Autowired
    AccessKeyRepository keys;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void savedKeyIsFoundByItsUpstreamIdWithEveryField() {
        keys.saveAndFlush(new AccessKey(newKey("AKID-1", "payments-batch"), CREATED.plusSeconds(1)));

        AccessKey found = keys.findByAccessKeyId("AKID-1").orElseThrow();

        assertThat(found.getUserName()).isEqualTo("payments-batch");
        assertThat(found.getStatus()).isEqualTo(AccessKeyStatus.ACTIVE);
        assertThat(found.getUpstreamUserId()).isEqualTo(200000001L);
        assertThat(found.getCreatedAt()).isEqualTo(CREATED);
        assertThat(found.getUpdatedAt()).isEqualTo(CREATED);
        assertThat(found.getExpiresAt()).isNull();
        assertThat(found.getSecretSha256()).hasSize(64);
    }

    @Test
    void theSameUpstreamKeyCannotBeRecordedTwice() {
        keys.saveAndFlush(new AccessKey(newKey("AKID-2", "alice"), CREATED));

        assertThatThrownBy(() -> keys.saveAndFlush(new AccessKey(newKey("AKID-2", "bob"), CREATED)))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void listingByUserPagesInInsertionOrder() {
        for (int i = 0; i < 5; i++) {
            keys.save(new AccessKey(newKey("AKID-P" + i, "paged-user"), CREATED));
        }
        keys.save(new AccessKey(newKey("AKID-OTHER", "other-user"), CREATED));
        keys.flush();

        var firstPage = keys.findByUserNameAndIdGreaterThanOrderById("paged-user", 0, Limit.of(3));
        var secondPage = keys.findByUserNameAndIdGreaterThanOrderById(
                "paged-user", firstPage.get(2).getId(), Limit.of(3));

        assertThat(firstPage).extracting(AccessKey::getAccessKeyId).containsExactly("AKID-P0", "AKID-P1", "AKID-P2");
        assertThat(secondPage).extracting(AccessKey::getAccessKeyId).containsExactly("AKID-P3", "AKID-P4");
    }

    @Test
    void theDatabaseRefusesAnUnknownStatus() {
        keys.saveAndFlush(new AccessKey(newKey("AKID-3", "alice"), CREATED));

        assertThatThrownBy(() -> jdbc.update("UPDATE access_key SET status = 'LOST' WHERE access_key_id = 'AKID-3'"))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    private static NewAccessKey newKey(String id, String userName) {
        return new NewAccessKey(
                id,
                userName,
                200000001L,
                "test key",
                "a".repeat(64),
                "test-client",
                UUID.randomUUID(),
                null,
                CREATED.truncatedTo(ChronoUnit.SECONDS),
                null,
                null,
                null);
    }
}
