package io.keywarden.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A secret exists in the upstream's answer and in keywarden's 201 (and its encrypted replay
 * copy), nowhere else: not in any table, not in any log line.
 */
@KeywardenTest
@ExtendWith(OutputCaptureExtension.class)
class NoSecretAtRestTests extends IssuanceTestSupport {

    @Test
    void noTableAndNoLogLineHoldsASecretOrAToken(CapturedOutput output) {
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String user = newUser();
            String key = newIdempotencyKey();
            secrets.add(api.createKey(Api.ISSUER, key, user).text("accessKeySecret"));
            api.createKey(Api.ISSUER, key, user);
            api.call("GET", "/v1/access-keys?userName=" + user)
                    .token(Api.AUDITOR)
                    .send();
        }
        String everyTable = String.join(
                "\n",
                jdbc.queryForList(
                        "SELECT row_to_json(t)::text FROM (SELECT * FROM access_key) t UNION ALL"
                                + " SELECT row_to_json(t)::text FROM (SELECT * FROM issuance) t UNION ALL"
                                + " SELECT row_to_json(t)::text FROM (SELECT * FROM audit_event) t",
                        String.class));

        assertThat(secrets).hasSize(3).doesNotContainNull();
        for (String secret : secrets) {
            assertThat(everyTable).doesNotContain(secret);
            assertThat(output.getAll()).doesNotContain(secret);
        }
        assertThat(output.getAll())
                .doesNotContain(Api.ISSUER)
                .doesNotContain(Api.AUDITOR)
                .doesNotContain("test-private+key/with=signs");
    }
}
