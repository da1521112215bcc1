package io.keywarden.identity;

import static org.assertj.core.api.Assertions.assertThat;

import idp.TestIdentityProvider;
import io.keywarden.support.Api;
import io.keywarden.support.Browser;
import io.keywarden.support.KeywardenTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * People sign in to the console through the identity provider (authorization code with PKCE, at
 * the provider's own login form, over real HTTP) and get exactly the roles and user names their
 * groups are given; the session this makes is the console's and never opens the API. A person is
 * named after the provider's subject, never their {@code preferred_username}, which the console
 * and the audit detail show beside it; what they do, and what they are refused, is audited.
 */
@KeywardenTest
class OidcSignInTests {

    @Value("${server.port}")
    int port;

    String base;

    @BeforeEach
    void connect() {
        base = "http://127.0.0.1:" + port;
    }

    @Test
    void aPersonSignsInAndGetsExactlyTheRolesAndUserNamesOfTheirGroups() {
        Browser browser = new Browser();

        HttpResponse<String> loginPage = browser.get(base + "/console/whoami");
        assertThat(loginPage.uri().toString())
                .startsWith(TestIdentityProvider.shared().issuer() + "/login");
        HttpResponse<String> page = browser.signInAt(loginPage, "ivy", "ivy-password");

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        JsonNode me = JsonMapper.builder().build().readTree(page.body());
        assertThat(me.get("name").asString()).isEqualTo("person:" + TestIdentityProvider.subjectOf("ivy"));
        assertThat(me.get("roles").toString()).isEqualTo("[\"ISSUER\"]");
        assertThat(me.get("userNames").toString()).isEqualTo("[\"team-*\"]");
    }

    @Test
    void twoPeopleSharingAPreferredUsernameAreTwoActorsNamedByTheirSubjects() {
        String ada = whoAmI("ada");
        String namesake = whoAmI("ada.b");

        assertThat(ada).isEqualTo("person:" + TestIdentityProvider.subjectOf("ada"));
        assertThat(namesake).isEqualTo("person:" + TestIdentityProvider.subjectOf("ada.b"));
        assertThat(ada).isNotEqualTo(namesake).isNotEqualTo("person:ada");
    }

    @Test
    void theConsoleHeaderShowsTheDisplayNameBesideTheActor() {
        Browser browser = new Browser();

        HttpResponse<String> page = browser.signInAt(browser.get(base + "/console"), "ada.b", "ada.b-password");

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body())
                .contains("<span class=\"display-name\">ada</span>")
                .contains("<span class=\"who\">person:" + TestIdentityProvider.subjectOf("ada.b") + "</span>");
    }

    @Test
    void aPersonRefusedByRoleOnTheConsoleIsAuditedAsADemoOperatorIsWithWhoTheyWere() {
        Key key = newKey();
        Browser browser = new Browser();
        browser.signInAt(browser.get(base + "/console"), "ada.b", "ada.b-password");
        HttpResponse<String> keyPage = browser.get(base + key.path());
        assertThat(keyPage.statusCode()).as(keyPage.body()).isEqualTo(200);
        assertThat(keyPage.body()).as("an auditor is offered no rotation").doesNotContain("id=\"rotate\"");

        HttpResponse<String> refused = browser.post(
                keyPage,
                base + key.path() + "/rotate",
                Map.of("idempotencyKey", UUID.randomUUID().toString()));

        assertThat(refused.statusCode()).isEqualTo(403);
        JsonNode events = auditEvents("actor=" + person("ada.b") + "&action=ROTATE_ACCESS_KEY&outcome=DENIED");
        assertThat(events.size()).as(events.toString()).isEqualTo(1);
        assertThat(events.get(0).get("detail").asString())
                .contains("roles do not allow POST")
                .endsWith("signed in as ada");
    }

    @Test
    void aPersonsActionIsAuditedUnderTheirSubjectWithTheirDisplayNameInTheDetail() {
        Key key = newKey();
        Browser browser = new Browser();
        browser.signInAt(browser.get(base + "/console"), "ivy", "ivy-password");
        HttpResponse<String> keyPage = browser.get(base + key.path());

        HttpResponse<String> secret = browser.post(
                keyPage,
                base + key.path() + "/rotate",
                Map.of("idempotencyKey", UUID.randomUUID().toString()));

        assertThat(secret.statusCode()).as(secret.body()).isEqualTo(200);
        JsonNode events = auditEvents(
                "userName=" + key.user() + "&actor=" + person("ivy") + "&action=ROTATE_ACCESS_KEY&outcome=SUCCEEDED");
        assertThat(events.size()).as(events.toString()).isEqualTo(1);
        assertThat(events.get(0).get("detail").asString()).endsWith("signed in as ivy");
        Api.Answer verification = new Api(port)
                .call("GET", "/admin/v1/audit-events/verification")
                .token(Api.AUDITOR)
                .send();
        assertThat(verification.json().get("intact").asBoolean())
                .as(verification.body())
                .isTrue();
    }

    @Test
    void aPersonInSeveralMappedGroupsGetsTheRolesOfEach() {
        Browser browser = new Browser();

        HttpResponse<String> page = browser.signInAt(browser.get(base + "/console/whoami"), "ada", "ada-password");

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        JsonNode me = JsonMapper.builder().build().readTree(page.body());
        assertThat(me.get("roles").toString()).isEqualTo("[\"ADMIN\",\"AUDITOR\"]");
        assertThat(me.get("userNames").toString()).isEqualTo("[\"*\"]");
    }

    private String whoAmI(String login) {
        Browser browser = new Browser();
        HttpResponse<String> page = browser.signInAt(browser.get(base + "/console/whoami"), login, login + "-password");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(page.body()).get("name").asString();
    }

    private static String person(String login) {
        return "person:" + TestIdentityProvider.subjectOf(login);
    }

    private record Key(String id, String user) {
        String path() {
            return "/console/keys/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
        }
    }

    /** A key of a user of its own, created over the API by a static token. */
    private Key newKey() {
        String user = "team-" + UUID.randomUUID().toString().substring(0, 12);
        Api.Answer created =
                new Api(port).createKey(Api.ISSUER, UUID.randomUUID().toString(), user);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Key(created.text("accessKeyId"), user);
    }

    /** The audit search's items for a query, as an unscoped auditor sees them. */
    private JsonNode auditEvents(String query) {
        Api.Answer answer = new Api(port)
                .call("GET", "/admin/v1/audit-events?" + query.replace(":", "%3A"))
                .token(Api.AUDITOR)
                .send();
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("items");
    }

    @Test
    void aPersonWhoseGroupsGrantNoRoleIsRefused() {
        Browser browser = new Browser();

        HttpResponse<String> page = browser.signInAt(browser.get(base + "/console/whoami"), "nemo", "nemo-password");

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(browser.get(base + "/console/whoami").uri().toString())
                .as("still not signed in")
                .doesNotStartWith(base + "/console/whoami");
    }

    @Test
    void theAuthorizationRequestCarriesAnS256CodeChallenge() {
        Browser browser = new Browser();

        browser.get(base + "/console/whoami");

        URI authorize = browser.visited.stream()
                .filter(uri -> uri.getPath().equals("/oauth2/authorize"))
                .findFirst()
                .orElseThrow();
        assertThat(authorize.getQuery())
                .contains("code_challenge=")
                .contains("code_challenge_method=S256")
                .contains("client_id=keywarden-console")
                .contains("redirect_uri=" + base + "/console/login/oauth2/code/keywarden");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLaxAndNeverOpensTheApi() {
        Browser browser = new Browser();
        HttpResponse<String> page = browser.signInAt(browser.get(base + "/console/whoami"), "ada", "ada-password");
        assertThat(page.statusCode()).isEqualTo(200);

        String session = browser.cookie(base + "/", "JSESSIONID");
        assertThat(session).isNotNull();
        assertThat(browser.setCookies.stream().filter(cookie -> cookie.startsWith("JSESSIONID=")))
                .isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax"));

        Api.Answer answer = new Api(port)
                .call("GET", "/v1/access-keys?userName=team-x")
                .header("Cookie", "JSESSIONID=" + session)
                .send();

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("Set-Cookie")).isNull();
    }
}
