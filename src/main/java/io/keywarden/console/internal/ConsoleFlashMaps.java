package io.keywarden.console.internal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * Spring's session flash maps, matched to the page they are for in a way that holds for a key's
 * page. A key id is standard base64 and may hold {@code //}: Spring decodes the target path it is
 * given ({@code %2F%2F} to {@code //}) but compares it with the request's path decoded and with
 * every {@code //} collapsed, so what a failed form held never reached such a key's page again.
 * Here the request's path is decoded as the target was, and nothing collapsed; the parameters are
 * compared as Spring compares them.
 */
@Component("flashMapManager")
class ConsoleFlashMaps extends SessionFlashMapManager {

    @Override
    protected boolean isFlashMapForRequest(FlashMap flashMap, HttpServletRequest request) {
        String expected = flashMap.getTargetRequestPath();
        if (expected != null) {
            Object forwarded = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
            String uri = forwarded instanceof String original ? original : request.getRequestURI();
            String requested = getUrlPathHelper().decodeRequestString(request, uri);
            if (!requested.equals(expected) && !requested.equals(expected + "/")) {
                return false;
            }
        }
        FlashMap byParameters = new FlashMap();
        byParameters.addTargetRequestParams(flashMap.getTargetRequestParams());
        return super.isFlashMapForRequest(byParameters, request);
    }
}
