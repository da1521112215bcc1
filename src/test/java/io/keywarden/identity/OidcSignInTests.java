package io.keywarden.identity;

import static org.assertj.core.api.Assertions.assertThat;

import idp.TestIdentityProvider;
import io.keywarden.support.Api;
import io.keywarden.support.Browser;
import io.keywarden.support.KeywardenTest;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * People sign in to the console through the identity provider (authorization code with PKCE, at
 * the provider's own login form, over real HTTP) and get exactly the roles and user names their
 * groups are given; the session this makes is the console's and never opens the API.
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
        assertThat(me.get("name").asString()).isEqualTo("person:ivy");
        assertThat(me.get("roles").toString()).isEqualTo("[\"ISSUER\"]");
        assertThat(me.get("userNames").toString()).isEqualTo("[\"team-*\"]");
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
