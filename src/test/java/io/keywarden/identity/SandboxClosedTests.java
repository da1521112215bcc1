package io.keywarden.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.PostgresContainerConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * A keywarden that does not serve the sandbox leaves no door open under its paths: they need a
 * token like any other path. This needs an application of its own (the shared one serves the
 * sandbox), closed after the class so it holds no memory while the other tests run.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"keywarden.sandbox.enabled=false", "keywarden.upstream.base-url=https://127.0.0.1:9/"})
@Import(PostgresContainerConfiguration.class)
@ActiveProfiles("test")
@DirtiesContext
class SandboxClosedTests {

    @LocalServerPort
    int port;

    @Test
    void withoutTheSandboxItsPathsAnswerAnonymousCallersWith401() {
        Api api = new Api(port);

        for (Api.Call call : new Api.Call[] {
            api.call("GET", "/sandbox/upstream/stats"),
            api.call("GET", "/sandbox/upstream/faults"),
            api.call("POST", "/sandbox/upstream/faults").json("{\"type\":\"THROTTLE\"}"),
            api.call("GET", "/sandbox/upstream?Action=ListAccessKeys&UserName=team-a"),
            api.call("POST", "/sandbox/upstream/").body("Action=ListAccessKeys")
        }) {
            Api.Answer answer = call.send();
            assertThat(answer.status()).as(answer.body()).isEqualTo(401);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(api.call("GET", "/sandbox/upstream/stats")
                        .token(Api.ISSUER)
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.call("GET", "/sandbox/upstream/stats")
                        .token(Api.ADMIN)
                        .send()
                        .status())
                .isEqualTo(404);
    }
}
