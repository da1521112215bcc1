package io.keywarden.upstream.sandbox;

import static io.keywarden.upstream.sandbox.SignedRequests.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** The faults only a real servlet container can show: a dropped connection and a held request. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "keywarden.sandbox.enabled=true",
            "keywarden.sandbox.key-pairs[0].public-key=" + SignedRequests.PUBLIC_KEY,
            "keywarden.sandbox.key-pairs[0].private-key=" + SignedRequests.PRIVATE_KEY
        })
class SandboxTomcatTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration(
            excludeName = {
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration"
            })
    @Import({SandboxConfiguration.class, SandboxController.class})
    static class SandboxOnly {}

    @LocalServerPort
    private int port;

    @Autowired
    private SandboxUpstream upstream;

    @AfterEach
    void reset() {
        upstream.reset();
    }

    @Test
    void dropConnectionEndsTheAnswerEarlyForARealClient() {
        upstream.arm(SandboxFault.of(SandboxFault.Type.DROP_CONNECTION));

        assertThatThrownBy(() -> http().form(signed("ListAccessKeys", "UserName", "alice")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void createWithoutAnswerTimesTheClientOutAndKeepsTheKey() {
        upstream.arm(new SandboxFault(
                SandboxFault.Type.CREATE_WITHOUT_ANSWER, null, 1, null, Duration.ofSeconds(2), null, null, null));

        assertThatThrownBy(() -> http().form(signed("CreateAccessKey", "UserName", "alice"), Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(upstream.keysOf("alice")).hasSize(1);
    }

    @Test
    void answersNormallyOnceFaultsAreCleared() throws IOException {
        assertThat(SandboxHttp.body(http().form(signed("ListAccessKeys", "UserName", "alice")))
                        .get("RetCode")
                        .asInt())
                .isZero();
    }

    private SandboxHttp http() {
        return new SandboxHttp(URI.create("http://127.0.0.1:" + port + "/sandbox/upstream/"));
    }
}
