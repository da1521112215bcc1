package io.keywarden.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@KeywardenTest
@ExtendWith(OutputCaptureExtension.class)
class CompatSecretsTests extends CompatTestSupport {

    @Test
    void aCallersSignatureAndPublicKeyNeverReachTheUpstreamTheLogsOrTheAudit(CapturedOutput output) {
        String user = newUser();
        String other = newUser();
        String publicKey = "caller-public-" + UUID.randomUUID();
        String signature = "caller-signature-" + UUID.randomUUID();
        String project = "caller-project-" + UUID.randomUUID();

        Api.Answer form = formPost(
                Api.ISSUER,
                newIdempotencyKey(),
                "Action=CreateAccessKey&UserName=" + user + "&PublicKey=" + publicKey + "&Signature=" + signature
                        + "&ProjectId=" + project + "&Region=" + project);
        Api.Answer query = api.call(
                        "GET",
                        "/v1/compat?Action=CreateAccessKey&UserName=" + other + "&PublicKey=" + publicKey
                                + "&Signature=" + signature)
                .token(Api.ISSUER)
                .send();
        Api.Answer json = api.call("POST", "/v1/compat")
                .token(Api.ISSUER)
                .json("{\"Action\":\"CreateAccessKey\",\"UserName\":\"" + user + "\",\"PublicKey\":\"" + publicKey
                        + "\",\"Signature\":\"" + signature + "\"}")
                .send();

        // The sandbox checks every request's signature against keywarden's own key pair: a
        // forwarded PublicKey or Signature of the caller's would have been refused (172 or 171).
        assertThat(form.json().get("RetCode").asInt()).isZero();
        assertThat(query.json().get("RetCode").asInt()).isZero();
        assertThat(json.json().get("RetCode").asInt()).isZero();
        assertThat(upstreamKeys(user)).hasSize(2);
        assertThat(upstreamKeys(other)).hasSize(1);
        assertThat(output.getAll()).doesNotContain(publicKey, signature, project);
        String audit = String.join(
                "\n",
                jdbc.queryForList(
                        "SELECT concat_ws('|', actor, action, outcome, user_name, access_key_id, upstream_request_id,"
                                + " idempotency_key, request_id, client_address, detail) FROM audit_event",
                        String.class));
        assertThat(audit).contains(user).doesNotContain(publicKey, signature, project);
    }
}
