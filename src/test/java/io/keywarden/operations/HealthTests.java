package io.keywarden.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** The probes a platform calls, and what health tells whom. */
@KeywardenTest
class HealthTests {

    @Value("${server.port}")
    int port;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @Test
    void livenessCoversTheGroupCommitWriterAndTheScheduler() {
        Api.Answer liveness =
                api.call("GET", "/actuator/health/liveness").token(Api.ADMIN).send();

        assertThat(liveness.json().get("components").propertyNames())
                .containsExactlyInAnyOrder("livenessState", "groupCommit", "scheduler");
        assertThat(liveness.json()
                        .get("components")
                        .get("groupCommit")
                        .get("status")
                        .asString())
                .isEqualTo("UP");
    }

    @Test
    void livenessAnswersUpToAnyone() {
        Api.Answer liveness = api.call("GET", "/actuator/health/liveness").send();

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.text("status")).isEqualTo("UP");
        assertThat(liveness.json().has("components")).isFalse();
    }

    @Test
    void readinessAnswersUpToAnyoneAndCoversDatabaseAndMigrationsButNotTheUpstream() {
        Api.Answer anonymous = api.call("GET", "/actuator/health/readiness").send();
        Api.Answer admin =
                api.call("GET", "/actuator/health/readiness").token(Api.ADMIN).send();

        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.text("status")).isEqualTo("UP");
        assertThat(anonymous.json().has("components")).isFalse();
        assertThat(admin.json().get("components").propertyNames())
                .containsExactlyInAnyOrder("readinessState", "db", "migrations");
    }

    @Test
    void adminsSeeTheUpstreamsCircuitInHealthDetails() {
        Api.Answer health = api.call("GET", "/actuator/health").token(Api.ADMIN).send();

        JsonNode upstream = health.json().get("components").get("upstream");
        assertThat(upstream.get("status").asString()).isEqualTo("UP");
        assertThat(upstream.get("details").get("circuit").asString()).isEqualTo("CLOSED");
        assertThat(upstream.get("details").get("host").asString()).isEqualTo("127.0.0.1");
        assertThat(health.json()
                        .get("components")
                        .get("migrations")
                        .get("details")
                        .get("version")
                        .asString())
                .isNotBlank();
    }

    @Test
    void anonymousAndNonAdminCallersSeeOnlyTheStatus() {
        Api.Answer anonymous = api.call("GET", "/actuator/health").send();
        Api.Answer issuer =
                api.call("GET", "/actuator/health").token(Api.ISSUER).send();

        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().has("components")).isFalse();
        assertThat(anonymous.body()).doesNotContain("upstream", "circuit");
        assertThat(issuer.json().has("components")).isFalse();
    }
}
