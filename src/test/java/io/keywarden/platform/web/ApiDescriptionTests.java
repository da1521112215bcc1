package io.keywarden.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document is public and describes every operation, its problems and the bearer scheme. */
@KeywardenTest
class ApiDescriptionTests {

    static final List<String> PUBLIC_OPERATIONS = List.of(
            "post /v1/access-keys",
            "get /v1/access-keys",
            "get /v1/access-keys/{accessKeyId}",
            "post /v1/access-keys/{accessKeyId}/disable",
            "post /v1/access-keys/{accessKeyId}/enable",
            "delete /v1/access-keys/{accessKeyId}",
            "post /v1/access-keys/{accessKeyId}/rotate",
            "post /v1/compat",
            "get /v1/compat",
            "get /admin/v1/audit-events",
            "get /admin/v1/audit-events/verification",
            "get /admin/v1/jobs",
            "post /admin/v1/jobs/{name}/runs",
            "get /admin/v1/ambiguous-orphans",
            "post /admin/v1/ambiguous-orphans/{issuanceId}/resolution",
            "post /admin/v1/audit-checkpoints/loss-acknowledgements",
            "post /v1/access-keys/{accessKeyId}/renew",
            "post /admin/v1/revocations",
            "get /admin/v1/revocations/{id}",
            "get /admin/v1/clients",
            "put /admin/v1/clients/{client}/seal-to",
            "delete /admin/v1/clients/{client}/seal-to");

    @Value("${server.port}")
    int port;

    @Test
    void theDocumentListsEveryPublicOperationWithItsProblemsAndTheBearerScheme() {
        Api.Answer answer = new Api(port).call("GET", "/v3/api-docs").send();

        assertThat(answer.status()).isEqualTo(200);
        JsonNode doc = answer.json();
        List<String> operations = new ArrayList<>();
        doc.get("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(method -> operations.add(method.getKey() + " " + path.getKey())));
        assertThat(operations).containsAll(PUBLIC_OPERATIONS);
        assertThat(operations).noneMatch(operation -> operation.contains("/sandbox"));
        assertThat(doc.get("components")
                        .get("securitySchemes")
                        .get("bearer")
                        .get("scheme")
                        .asString())
                .isEqualTo("bearer");
        JsonNode create = doc.get("paths").get("/v1/access-keys").get("post").get("responses");
        assertThat(create.has("201")).isTrue();
        assertThat(create.get("422").get("content").has("application/problem+json"))
                .isTrue();
        assertThat(create.has("504")).isTrue();
    }

    @Test
    void createAndRotateDescribeTheKeyLimitConflict() {
        JsonNode paths = new Api(port).call("GET", "/v3/api-docs").send().json().get("paths");

        for (JsonNode operation : List.of(
                paths.get("/v1/access-keys").get("post"),
                paths.get("/v1/access-keys/{accessKeyId}/rotate").get("post"))) {
            JsonNode conflict = operation.get("responses").get("409");
            assertThat(conflict.get("description").asString()).contains("key-limit-reached");
            assertThat(conflict.get("content")
                            .get("application/problem+json")
                            .get("examples")
                            .get("key-limit-reached")
                            .get("value")
                            .get("type")
                            .asString())
                    .endsWith("/key-limit-reached");
        }
    }

    @Test
    void everyPublicOperationIsGroupedByTaskWithASummary() {
        JsonNode paths = new Api(port).call("GET", "/v3/api-docs").send().json().get("paths");

        for (String operation : PUBLIC_OPERATIONS) {
            String[] methodAndPath = operation.split(" ");
            JsonNode described = paths.get(methodAndPath[1]).get(methodAndPath[0]);
            assertThat(described.get("tags").get(0).asString())
                    .as(operation)
                    .isIn(ApiTags.ACCESS_KEYS, ApiTags.COMPAT, ApiTags.AUDIT, ApiTags.JOBS, ApiTags.REVOCATIONS);
            assertThat(described.get("summary").asString()).as(operation).isNotBlank();
        }
        assertThat(paths.get("/v1/access-keys").get("post").get("tags").get(0).asString())
                .isEqualTo(paths.get("/v1/access-keys/{accessKeyId}")
                        .get("get")
                        .get("tags")
                        .get(0)
                        .asString());
    }

    @Test
    void swaggerUiIsServed() {
        Api.Answer answer = new Api(port).call("GET", "/swagger-ui/index.html").send();

        assertThat(answer.status()).isEqualTo(200);
    }
}
