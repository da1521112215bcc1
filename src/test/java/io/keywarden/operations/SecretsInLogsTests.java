package io.keywarden.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A whole create, replay, rotate and compat flow with keywarden's own loggers at DEBUG, and then
 * a search of everything it logged for any secret, token or key it handled.
 */
@KeywardenTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsTests {

    @Autowired
    LoggingSystem logging;

    @Value("${server.port}")
    int port;

    @Value("${keywarden.upstream.private-key}")
    String upstreamPrivateKey;

    @Value("${keywarden.idempotency.replay-key}")
    String replayKey;

    @Value("${keywarden.audit.chain-key}")
    String chainKey;

    Api api;

    @BeforeEach
    void connectAtDebug() {
        api = new Api(port);
        logging.setLogLevel("io.keywarden", LogLevel.DEBUG);
    }

    @AfterEach
    void restoreLevel() {
        logging.setLogLevel("io.keywarden", null);
    }

    @Test
    void aFullCreateRotateAndReplayFlowLogsNoSecretNoTokenAndNoKey(CapturedOutput output) {
        String user = "team-" + UUID.randomUUID().toString().substring(0, 12);
        String createKey = "idem-" + UUID.randomUUID();
        String rotateKey = "idem-" + UUID.randomUUID();
        List<String> secrets = new ArrayList<>();

        Api.Answer created = api.createKey(Api.ISSUER, createKey, user);
        secrets.add(created.text("accessKeySecret"));
        api.createKey(Api.ISSUER, createKey, user);
        String rotatePath = Api.keyPath(created.text("accessKeyId")) + "/rotate";
        Api.Answer rotated = api.call("POST", rotatePath)
                .token(Api.ISSUER)
                .header("Idempotency-Key", rotateKey)
                .send();
        secrets.add(rotated.text("accessKeySecret"));
        api.call("POST", rotatePath)
                .token(Api.ISSUER)
                .header("Idempotency-Key", rotateKey)
                .send();
        Api.Answer compat = api.call("POST", "/v1/compat")
                .token(Api.ADMIN)
                .header("Idempotency-Key", "idem-" + UUID.randomUUID())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("Action=CreateAccessKey&UserName=" + user + "-compat")
                .send();
        secrets.add(compat.json().get("AccessKey").get("AccessKeySecret").asString());
        api.call("GET", "/actuator/prometheus").token(Api.ADMIN).send();
        api.call("GET", "/actuator/health").token(Api.ADMIN).send();

        assertThat(created.status()).isEqualTo(201);
        assertThat(rotated.status()).isEqualTo(201);
        assertThat(secrets)
                .doesNotContainNull()
                .allSatisfy(secret -> assertThat(secret).hasSizeGreaterThan(10));
        String log = output.getAll();
        assertThat(log).contains("request method=POST path=" + rotatePath + " status=201");
        assertThat(log).contains("upstream attempt action=CreateAccessKey");
        assertThat(log).doesNotContain(secrets);
        assertThat(log).doesNotContain(Api.ISSUER, Api.ADMIN, upstreamPrivateKey, replayKey, chainKey);
        assertThat(log).doesNotContainIgnoringCase("Bearer ");
    }
}
