package io.keywarden.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * A failed console page links back to the page the person was on: where a form says, above the
 * form's action, or the page itself without the search that failed; never off the console.
 */
class ConsoleReturnTests {

    private static final String KEY = "/console/keys/nfpO7E+etgHCYl%2F%2FwT+ZQnwR3eBvpaW%2FHCPXV1uWzbc=";

    @Test
    void aFormGoesBackToThePageAboveItsAction() {
        assertThat(ConsoleReturn.of(request("POST", KEY + "/disable", null), true))
                .isEqualTo(new ConsoleReturn(KEY, "Back to the key"));
        assertThat(ConsoleReturn.of(request("POST", "/console/audit/verification", null), true))
                .isEqualTo(new ConsoleReturn("/console/audit", "Back to Audit"));
    }

    @Test
    void aFormThatNamesItsPageGoesBackThere() {
        MockHttpServletRequest run = request("POST", "/console/jobs/key-retirement/runs", null);
        run.setParameter("returnTo", "/console/jobs#job-key-retirement");

        assertThat(ConsoleReturn.of(run, true))
                .isEqualTo(new ConsoleReturn("/console/jobs#job-key-retirement", "Back to Jobs"));
    }

    @Test
    void aPageGoesBackToItselfWithoutItsSearchOrToThePageAboveIt() {
        assertThat(ConsoleReturn.of(request("GET", "/console/audit", "from=nonsense"), true))
                .isEqualTo(new ConsoleReturn("/console/audit", "Back to Audit"));
        assertThat(ConsoleReturn.of(request("GET", KEY, null), true))
                .isEqualTo(new ConsoleReturn("/console/keys", "Back to Keys"));
        assertThat(ConsoleReturn.of(request("GET", "/console/nothing/here", null), false))
                .isEqualTo(new ConsoleReturn("/console", "Back to the Overview"));
    }

    @Test
    void aWayBackOffTheConsoleIsNotTaken() {
        for (String elsewhere : new String[] {
            "https://elsewhere.example/console",
            "//elsewhere.example/console",
            "/consoleX",
            "/console/../v1/access-keys",
            "/console/\\\\elsewhere.example",
            "/console/keys\r\nSet-Cookie: x=y",
            "javascript:alert(1)"
        }) {
            MockHttpServletRequest failed = request("POST", KEY + "/delete", null);
            failed.setParameter("returnTo", elsewhere);

            assertThat(ConsoleReturn.of(failed, true).href()).as(elsewhere).isEqualTo(KEY);
        }
    }

    @Test
    void theLinkBackAfterAFailedFormAsksItsPageToShowTheFormAgain() {
        assertThat(new ConsoleReturn(KEY, "Back to the key")
                        .withQuery("again=1")
                        .href())
                .isEqualTo(KEY + "?again=1");
        assertThat(new ConsoleReturn("/console/jobs#job-key-retirement", "Back to Jobs")
                        .withQuery("again=1")
                        .href())
                .isEqualTo("/console/jobs?again=1#job-key-retirement");
    }

    private static MockHttpServletRequest request(String method, String uri, String query) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
        request.setQueryString(query);
        return request;
    }
}
