package io.keywarden.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.FlashMap;

/**
 * What a failed form held reaches the page its way back opens, also for a key whose id holds
 * {@code //} (standard base64 may), and no other page.
 */
class ConsoleFlashMapsTests {

    private final ConsoleFlashMaps flashMaps = new ConsoleFlashMaps();

    @Test
    void aKeyPageWhoseIdHoldsTwoSlashesGetsWhatItsFailedFormHeld() {
        String page = "/console/keys/eGkLh%2F%2F940ZFZqecBlcPzLWX3+DCavT4uiyKNTW9Gb4=";
        MockHttpServletRequest failed = new MockHttpServletRequest("POST", page + "/disable");
        FlashMap typed = new FlashMap();
        typed.put("typed", "not-the-user");
        typed.setTargetRequestPath(page);
        typed.addTargetRequestParam("again", "disable");
        flashMaps.saveOutputFlashMap(typed, failed, new MockHttpServletResponse());

        MockHttpServletRequest other = back(failed, "/console/keys/eGkLh%2F940ZFZqecBlcPzLWX3+DCavT4uiyKNTW9Gb4=");
        assertThat((Object) flashMaps.retrieveAndUpdate(other, new MockHttpServletResponse()))
                .isNull();
        MockHttpServletRequest withoutAgain = back(failed, page);
        withoutAgain.removeParameter("again");
        withoutAgain.setQueryString(null);
        assertThat((Object) flashMaps.retrieveAndUpdate(withoutAgain, new MockHttpServletResponse()))
                .isNull();

        FlashMap shown = flashMaps.retrieveAndUpdate(back(failed, page), new MockHttpServletResponse());

        assertThat((Object) shown).isNotNull();
        assertThat((Object) shown.get("typed")).isEqualTo("not-the-user");
    }

    private static MockHttpServletRequest back(MockHttpServletRequest failed, String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setSession(failed.getSession());
        request.setParameter("again", "disable");
        request.setQueryString("again=disable");
        return request;
    }
}
