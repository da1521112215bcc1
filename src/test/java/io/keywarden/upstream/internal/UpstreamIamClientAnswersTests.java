package io.keywarden.upstream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamKeyStatus;
import io.keywarden.upstream.UpstreamOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpstreamIamClientAnswersTests {

    private UpstreamStub upstream;
    private UpstreamIamClient client;

    @BeforeEach
    void start() {
        upstream = new UpstreamStub();
        client = upstream.client();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void createReturnsTheKeyAndSendsExactlyTheSignedForm() {
        upstream.answerJson("CreateAccessKey", """
                {"RetCode": 0, "Action": "CreateAccessKeyResponse", "AccessKey": {"AccessKeyID": "AK1",
                 "AccessKeySecret": "%s", "UserId": 42, "Description": "ci", "Status": "Active",
                 "CreatedAt": 1700000000, "UpdatedAt": 0, "ExpiredAt": 0, "DeletedAt": 0}}
                """.formatted(UpstreamStub.SECRET));

        UpstreamOutcome<UpstreamAccessKey> outcome = client.createAccessKey("alice");

        assertThat(outcome)
                .isEqualTo(new UpstreamOutcome.Success<>(
                        new UpstreamAccessKey(
                                "AK1",
                                UpstreamStub.SECRET,
                                42,
                                "ci",
                                UpstreamKeyStatus.ACTIVE,
                                Instant.ofEpochSecond(1700000000),
                                null,
                                null),
                        UpstreamStub.REQUEST_ID));
        assertThat(upstream.requestCount()).isEqualTo(1);
        assertSignedForm(upstream.requests().get(0), Map.of("Action", "CreateAccessKey", "UserName", "alice"));
    }

    @Test
    void createSendsTheHeadersTheUpstreamTraces() {
        upstream.answerJson("CreateAccessKey", """
                {"RetCode": 0, "AccessKey": {"AccessKeyID": "AK1", "AccessKeySecret": "s"}}""");

        client.createAccessKey("alice");

        LoggedRequest request = upstream.requests().get(0);
        assertThat(request.getHeader("User-Agent")).isEqualTo("keywarden/dev");
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(Long.parseLong(request.getHeader("U-Timestamp-Ms")))
                .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
    }

    @Test
    void createReadsFieldNamesIgnoringCaseAndRetCodeAsAStringWithoutAction() {
        upstream.answerJson("CreateAccessKey", """
                {"retcode": "0", "accesskey": {"AccessKeyId": "AK2", "accesskeysecret": "s", "UserID": "7",
                 "status": "inactive", "ExpiredAt": "1800000000"}}""");

        UpstreamOutcome<UpstreamAccessKey> outcome = client.createAccessKey("alice");

        assertThat(outcome).isInstanceOfSatisfying(UpstreamOutcome.Success.class, success -> {
            UpstreamAccessKey key = (UpstreamAccessKey) success.value();
            assertThat(key.accessKeyId()).isEqualTo("AK2");
            assertThat(key.secret()).isEqualTo("s");
            assertThat(key.userId()).isEqualTo(7);
            assertThat(key.status()).isEqualTo(UpstreamKeyStatus.INACTIVE);
            assertThat(key.createdAt()).isNull();
            assertThat(key.expiresAt()).isEqualTo(Instant.ofEpochSecond(1800000000));
        });
    }

    @Test
    void createWhenTheAnswerHoldsAnEmptyAccessKeyIsRejectedWithRetCodeZero() {
        upstream.answerJson("CreateAccessKey", """
                {"AccessKey": {}, "Action": "CreateAccessKeyResponse", "RetCode": 0}""");

        assertThat(client.createAccessKey("alice"))
                .isEqualTo(new UpstreamOutcome.Rejected<>(0, AccessKeyReader.NO_KEY_MESSAGE, UpstreamStub.REQUEST_ID));
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void createWhenTheKeyHasNoSecretIsRejectedWithRetCodeZero() {
        upstream.answerJson("CreateAccessKey", """
                {"RetCode": 0, "AccessKey": {"AccessKeyID": "AK1"}}""");

        assertThat(client.createAccessKey("alice")).isInstanceOf(UpstreamOutcome.Rejected.class);
    }

    @Test
    void listReturnsEveryKeyWithoutItsSecret() {
        upstream.answerJson("ListAccessKeys", """
                {"RetCode": 0, "Action": "ListAccessKeysResponse", "AccessKey": [
                  {"AccessKeyID": "AK1", "AccessKeySecret": "%s", "UserId": 42, "Status": "Active", "CreatedAt": 1700000000},
                  {"accesskeyid": "AK2", "UserID": 42, "Status": "Inactive", "CreatedAt": 1700000100, "UpdatedAt": 1700000200}
                ]}""".formatted(UpstreamStub.SECRET));

        UpstreamOutcome<List<UpstreamAccessKey>> outcome = client.listAccessKeys("alice");

        assertThat(outcome).isInstanceOfSatisfying(UpstreamOutcome.Success.class, success -> {
            @SuppressWarnings("unchecked")
            List<UpstreamAccessKey> keys = (List<UpstreamAccessKey>) success.value();
            assertThat(keys).extracting(UpstreamAccessKey::accessKeyId).containsExactly("AK1", "AK2");
            assertThat(keys).extracting(UpstreamAccessKey::secret).containsOnlyNulls();
            assertThat(keys.get(1).updatedAt()).isEqualTo(Instant.ofEpochSecond(1700000200));
        });
        assertThat(upstream.requestCount()).isEqualTo(1);
        assertSignedForm(upstream.requests().get(0), Map.of("Action", "ListAccessKeys", "UserName", "alice"));
    }

    @Test
    void listWithoutAnyKeyIsAnEmptySuccess() {
        upstream.answerJson("ListAccessKeys", """
                {"RetCode": 0, "Action": "ListAccessKeysResponse"}""");

        assertThat(client.listAccessKeys("alice"))
                .isEqualTo(new UpstreamOutcome.Success<>(List.of(), UpstreamStub.REQUEST_ID));
    }

    @Test
    void updateSendsTheKeyIdAndTheStatusAsTheUpstreamSpellsIt() {
        upstream.answerJson("UpdateAccessKey", """
                {"RetCode": 0, "Action": "UpdateAccessKeyResponse"}""");

        assertThat(client.updateAccessKeyStatus("AK1", UpstreamKeyStatus.INACTIVE))
                .isEqualTo(new UpstreamOutcome.Success<>(null, UpstreamStub.REQUEST_ID));
        assertThat(upstream.requestCount()).isEqualTo(1);
        assertSignedForm(
                upstream.requests().get(0),
                Map.of("Action", "UpdateAccessKey", "AccessKeyID", "AK1", "Status", "Inactive"));
    }

    @Test
    void deleteSendsTheKeyId() {
        upstream.answerJson("DeleteAccessKey", """
                {"RetCode": 0, "Action": "DeleteAccessKeyResponse"}""");

        assertThat(client.deleteAccessKey("AK1"))
                .isEqualTo(new UpstreamOutcome.Success<>(null, UpstreamStub.REQUEST_ID));
        assertThat(upstream.requestCount()).isEqualTo(1);
        assertSignedForm(upstream.requests().get(0), Map.of("Action", "DeleteAccessKey", "AccessKeyID", "AK1"));
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        assertThat(client.toString()).contains(UpstreamStub.PUBLIC_KEY).doesNotContain(UpstreamStub.PRIVATE_KEY);
        assertThat(UpstreamStub.properties(upstream.baseUrl(), java.time.Duration.ofSeconds(1), 1)
                        .toString())
                .doesNotContain(UpstreamStub.PRIVATE_KEY);
    }

    private static void assertSignedForm(LoggedRequest request, Map<String, String> actionParameters) {
        Map<String, String> form = UpstreamStub.form(request);
        Map<String, String> expected = new RequestSigner(UpstreamStub.PUBLIC_KEY, UpstreamStub.PRIVATE_KEY, null)
                .sign(new java.util.LinkedHashMap<>(actionParameters));
        assertThat(form).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(form.keySet()).endsWith("PublicKey", "Signature");
        assertThat(form.get("Signature")).isEqualTo(RequestSigner.signature(form, UpstreamStub.PRIVATE_KEY));
    }
}
