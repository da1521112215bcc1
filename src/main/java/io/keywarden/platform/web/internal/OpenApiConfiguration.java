package io.keywarden.platform.web.internal;

import io.keywarden.platform.web.ApiTags;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The OpenAPI description at {@code /v3/api-docs}: the bearer scheme on every operation, and the
 * problem answers each kind of operation can give, so the document is the full error contract.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String BEARER = "bearer";
    private static final String PROBLEM = "#/components/schemas/Problem";

    @Bean
    OpenAPI keywardenOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Keywarden")
                        .version("v1")
                        .description("Issues, rotates and audits access keys of the upstream IAM API."))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description(
                                                "A configured client's static token, or an access token (JWT) of the"
                                                        + " identity provider: signed with one of its published keys,"
                                                        + " with exp, living at most"
                                                        + " keywarden.identity.jwt.max-token-lifetime (24 h)"))
                        .addSchemas("Problem", problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .addTagsItem(new Tag()
                        .name(ApiTags.ACCESS_KEYS)
                        .description("Create, rotate, read, disable, enable and delete keys. Only the answer to a"
                                + " create or rotate ever holds a secret."))
                .addTagsItem(new Tag()
                        .name(ApiTags.COMPAT)
                        .description("CreateAccessKey in the upstream IAM API's own request and answer shape."))
                .addTagsItem(new Tag()
                        .name(ApiTags.AUDIT)
                        .description("The tamper-evident audit log: search it and verify its hash chain."))
                .addTagsItem(
                        new Tag().name(ApiTags.JOBS).description("Keywarden's own jobs: their runs, and a run now."));
    }

    @Bean
    OpenApiCustomizer problemAnswers() {
        return openApi -> openApi.getPaths()
                .forEach((path, item) -> item.readOperationsMap()
                        .forEach((method, operation) ->
                                addProblems(path, HttpMethod.valueOf(method.name()), operation)));
    }

    private static void addProblems(String path, HttpMethod method, Operation operation) {
        Map<String, String> problems = new LinkedHashMap<>();
        problems.put("400", "Invalid request");
        problems.put("401", "No or unknown bearer token");
        problems.put("403", "The client's role or scope does not allow this");
        if (path.contains("{")) {
            problems.put("404", "Unknown, or outside the client's scope");
        }
        if (!HttpMethod.GET.equals(method)) {
            problems.put("409", "A conflicting request or state");
            problems.put("502", "The upstream refused (retCode, upstreamMessage, upstreamRequestId)");
            problems.put("504", "The upstream did not answer; the outcome is unknown and a retry is safe");
            problems.put("413", "Body over 16 KiB (on every path, chunked or not); nothing was done");
        }
        if (HttpMethod.POST.equals(method) && !path.endsWith("/disable") && !path.endsWith("/enable")) {
            problems.put("415", "Not application/json: send Content-Type: application/json");
            problems.put("422", "Idempotency-Key reused with another body");
        }
        problems.put(
                "503",
                HttpMethod.GET.equals(method)
                        ? "Keywarden's database or, for a JWT, the identity provider's keys"
                                + " (identity-provider-unavailable) are unavailable; see Retry-After"
                        : "The upstream, keywarden's database or, for a JWT, the identity provider's keys"
                                + " (identity-provider-unavailable) are unavailable; see Retry-After");
        problems.put("500", "Unexpected failure; quote the X-Request-Id");
        problems.forEach((status, description) -> operation
                .getResponses()
                .putIfAbsent(
                        status,
                        new ApiResponse()
                                .description(description)
                                .content(new Content()
                                        .addMediaType(
                                                "application/problem+json",
                                                new MediaType().schema(new Schema<>().$ref(PROBLEM))))));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem detail, with extension members where named. Every problem has a"
                        + " type: https://keywarden.io/problems/ and its kind (invalid-request, unauthenticated,"
                        + " forbidden, not-found, method-not-allowed, unsupported-media-type, body-too-large, ...)")
                .addRequiredItem("type")
                .addRequiredItem("status")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri"))
                .addProperty("retCode", new IntegerSchema())
                .addProperty("upstreamMessage", new StringSchema())
                .addProperty("upstreamRequestId", new StringSchema())
                .addProperty("userName", new StringSchema())
                .addProperty(
                        "limit",
                        new IntegerSchema()
                                .description("409: the upstream's keys per user; 413: the most bytes a body may hold"))
                .addProperty(
                        "liveKeys",
                        new ArraySchema()
                                .items(new ObjectSchema()
                                        .addProperty("accessKeyId", new StringSchema())
                                        .addProperty("status", new StringSchema())
                                        .addProperty("retireAt", new StringSchema().format("date-time"))))
                .addProperty(
                        "parameter",
                        new StringSchema().description("400: the field, query parameter or header at fault"))
                .addProperty("line", new IntegerSchema().description("400, malformed JSON: the line where it breaks"))
                .addProperty("column", new IntegerSchema().description("400, malformed JSON: the column"));
    }
}
